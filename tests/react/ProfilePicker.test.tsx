import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { formatValue, importProfile } from '../../src/core';
import { ProfileExplorer, decodeExplorerState, encodeExplorerState } from '../../src/react';
import { readFixture, readFixtureText } from '../helpers/fixtures';

/** A perf script of three threads; each sample's period is its value. */
const PERF = [
  ['web 10/11', 'serve', 300],
  ['web 10/12', 'poll', 200],
  ['web 10/11', 'serve', 100],
  ['sh 20', 'read', 50],
]
  .map(([ids, frame, period]) => `${ids} [000] 1.5: ${period} cycles:\n\t1 ${frame} (/bin/x)\n`)
  .join('\n');

const statusBar = () => document.querySelector('[data-flamekit="status-bar"]')!.textContent!;
const picker = (name = 'Thread') => screen.getByRole('combobox', { name }) as HTMLSelectElement;
/** Without workers (this DOM has none) an input is imported once the importers have loaded. */
const imported = () => screen.findByRole('application', { name: 'Flame graph' });

describe('<ProfileExplorer> profile picker', () => {
  it('lists All threads and each thread, and shows the one chosen', async () => {
    const onStateChange = vi.fn();
    render(<ProfileExplorer input={PERF} onStateChange={onStateChange} />);
    await imported();
    expect(Array.from(picker().options, (option) => option.textContent)).toEqual([
      'All threads',
      'web 10/11',
      'web 10/12',
      'sh 20',
    ]);
    expect(statusBar()).toContain(`Total ${formatValue(650, 'count')}`);
    fireEvent.change(picker(), { target: { value: '1' } });
    expect(onStateChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ profile: 'web 10/11', zoomPath: [] }),
    );
    expect(statusBar()).toContain(`Total ${formatValue(400, 'count')}`);
    expect(statusBar()).toContain('web 10/11');
    expect(picker().value).toBe('1');
  });

  it('switches the threads of a profile the host imported, back to the whole too', () => {
    // Firefox opens on the main thread; its whole and its other threads come from the same import.
    const profile = importProfile(readFixture('firefox/firefox-profiler-processed-3.json'));
    expect(profile.alternatives!.index).toBe(1);
    const whole = importProfile(readFixture('firefox/firefox-profiler-processed-3.json'), {
      profile: 0,
    });
    render(<ProfileExplorer profile={profile} />);
    expect(picker().value).toBe('1');
    fireEvent.change(picker(), { target: { value: '0' } });
    expect(statusBar()).toContain(`Total ${formatValue(whole.tree().total[0], 'count')}`);
    fireEvent.change(picker(), { target: { value: '2' } });
    expect(statusBar()).toContain('Compositor');
  });

  it('opens the thread a shared link names, and ignores a name the file does not have', async () => {
    const state = encodeExplorerState({ ...decodeExplorerState(''), profile: 'sh 20' });
    expect(decodeExplorerState(state).profile).toBe('sh 20');
    const { unmount } = render(
      <ProfileExplorer input={PERF} defaultState={decodeExplorerState(state)} />,
    );
    await imported();
    expect(statusBar()).toContain(`Total ${formatValue(50, 'count')}`);
    unmount();
    render(<ProfileExplorer input={PERF} defaultState={{ profile: 'gone 99' }} />);
    await imported();
    expect(statusBar()).toContain(`Total ${formatValue(650, 'count')}`);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("imports a speedscope file's other profile again when it is chosen", async () => {
    // The file's active profile is its second, "two"; both have the same samples.
    const text = readFixtureText('speedscope/sampled-two-profiles.speedscope.json');
    render(<ProfileExplorer input={text} />);
    await imported();
    const profiles = picker('Profile');
    expect(Array.from(profiles.options, (option) => option.textContent)).toEqual(['one', 'two']);
    expect(profiles.value).toBe('1');
    expect(statusBar()).toContain('· two');
    fireEvent.change(profiles, { target: { value: '0' } });
    await waitFor(() => expect(picker('Profile').value).toBe('0'));
    expect(statusBar()).toContain('· one');
  });

  it('shows no picker for a file of one profile', async () => {
    render(<ProfileExplorer input={'main;a 1\nmain;b 2'} />);
    await imported();
    expect(screen.queryByRole('combobox', { name: 'Thread' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Profile' })).toBeNull();
  });
});
