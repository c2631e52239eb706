import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { LabelMatcher } from '../../src/core/series/label-matchers';
import type { LabelSummary } from '../../src/core/series/series-types';
import { LabelFilter } from '../../src/react/LabelFilter';

const labels: LabelSummary[] = [
  { name: 'service', values: ['api', 'worker'] },
  { name: 'pod', values: ['api-1', 'api-2', 'worker.1'] },
  { name: '__name__', values: ['process_cpu'] },
];

const chips = () =>
  screen.queryByRole('list', { name: 'Filters' })
    ? within(screen.getByRole('list', { name: 'Filters' }))
        .getAllByRole('listitem')
        .map((item) => item.querySelector('span')!.textContent)
    : [];
const optionsOf = (select: HTMLElement) =>
  [...select.querySelectorAll('option')].map((option) => option.value);

/** Picks a name, operator and value in the add row and presses Add. */
function addVia(name: string, op: string, value: string) {
  fireEvent.change(screen.getByLabelText('Label name'), { target: { value: name } });
  fireEvent.change(screen.getByLabelText('Operator'), { target: { value: op } });
  fireEvent.change(screen.getByLabelText('Label value'), { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Add' }));
}

function typeSelector(text: string) {
  const field = screen.getByRole('textbox', { name: 'Label selector' });
  fireEvent.change(field, { target: { value: text } });
  fireEvent.keyDown(field, { key: 'Enter' });
}

describe('<LabelFilter>', () => {
  it('adds matchers built from the controls, as exact objects', () => {
    const onChange = vi.fn();
    render(<LabelFilter labels={labels} onChange={onChange} />);
    addVia('pod', '=~', 'api-.*');
    expect(onChange).toHaveBeenLastCalledWith([{ name: 'pod', op: '=~', value: 'api-.*' }]);
    addVia('service', '!=', 'worker');
    expect(onChange).toHaveBeenLastCalledWith([
      { name: 'pod', op: '=~', value: 'api-.*' },
      { name: 'service', op: '!=', value: 'worker' },
    ]);
    expect(chips()).toEqual(['pod =~ "api-.*"', 'service != "worker"']);
    expect(screen.getByRole('textbox', { name: 'Label selector' })).toHaveProperty(
      'value',
      '{pod=~"api-.*", service!="worker"}',
    );
    // The value field is emptied for the next matcher.
    expect(screen.getByLabelText('Label value')).toHaveProperty('value', '');
  });

  it('offers the chosen label’s values, escaped for the regex operators', () => {
    render(<LabelFilter labels={labels} />);
    const suggestions = () => optionsOf(document.querySelector('datalist')!);
    expect(suggestions()).toEqual(['api', 'worker']); // service, the first label
    fireEvent.change(screen.getByLabelText('Label name'), { target: { value: 'pod' } });
    expect(suggestions()).toEqual(['api-1', 'api-2', 'worker.1']);
    fireEvent.change(screen.getByLabelText('Operator'), { target: { value: '=~' } });
    expect(suggestions()).toEqual(['api-1', 'api-2', 'worker\\.1']);
    fireEvent.change(screen.getByLabelText('Label value'), { target: { value: 'api' } });
    expect(suggestions()).toEqual(['api-1', 'api-2']);
    const operator = screen.getByLabelText('Operator');
    expect(operator.getAttribute('title')).toBe('matches regex (whole value)');
    expect(
      [...operator.querySelectorAll('option')].map((option) => option.getAttribute('title')),
    ).toEqual(['is', 'is not', 'matches regex (whole value)', 'does not match regex']);
  });

  it('removes one matcher and clears all', () => {
    const onChange = vi.fn();
    const start: LabelMatcher[] = [
      { name: 'service', op: '=', value: 'api' },
      { name: 'pod', op: '!~', value: 'worker.*' },
      { name: 'pod', op: '!=', value: '' },
    ];
    render(<LabelFilter labels={labels} defaultMatchers={start} onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter pod !~ worker.*' }));
    expect(onChange).toHaveBeenLastCalledWith([start[0], start[2]]);
    expect(chips()).toEqual(['service = "api"', 'pod != ""']);
    // Focus moves to the chip that took the removed one's place.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove filter pod != ');
    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
    expect(chips()).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Clear all' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText('Label name'));
  });

  it('ignores an exact duplicate', () => {
    const onChange = vi.fn();
    render(<LabelFilter labels={labels} onChange={onChange} />);
    addVia('service', '=', 'api');
    addVia('service', '=', 'api');
    expect(onChange).toHaveBeenCalledTimes(1);
    addVia('service', '!=', 'api'); // another operator is another matcher
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(chips()).toEqual(['service = "api"', 'service != "api"']);
  });

  it('reports a bad regular expression and adds nothing', () => {
    const onChange = vi.fn();
    render(<LabelFilter labels={labels} onChange={onChange} />);
    addVia('pod', '=~', 'api-(');
    expect(onChange).not.toHaveBeenCalled();
    expect(chips()).toEqual([]);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('pod=~"api-("');
    // Correcting the value clears the message, and the corrected matcher is added.
    fireEvent.change(screen.getByLabelText('Label value'), { target: { value: 'api-(1|2)' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onChange).toHaveBeenCalledWith([{ name: 'pod', op: '=~', value: 'api-(1|2)' }]);
  });

  it('applies a typed selector, and reports one that does not parse with its column', () => {
    const onChange = vi.fn();
    render(<LabelFilter labels={labels} onChange={onChange} />);
    typeSelector('{service="api", pod=~`api-\\d+`}');
    expect(onChange).toHaveBeenLastCalledWith([
      { name: 'service', op: '=', value: 'api' },
      { name: 'pod', op: '=~', value: 'api-\\d+' },
    ]);
    expect(chips()).toEqual(['service = "api"', 'pod =~ "api-\\d+"']);

    // `{pod~"x"}`: the operator is missing at the fifth character.
    typeSelector('{pod~"x"}');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toBe(
      'Column 5: expected one of = != =~ !~ after the label name',
    );
    expect(chips()).toEqual(['service = "api"', 'pod =~ "api-\\d+"']);
    const field = screen.getByRole('textbox', { name: 'Label selector' });
    expect(field).toHaveProperty('value', '{pod~"x"}'); // kept, to be corrected
    expect(field.getAttribute('aria-invalid')).toBe('true');

    // Escape restores the text of the current matchers.
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(field).toHaveProperty('value', '{service="api", pod=~"api-\\\\d+"}');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reports a bad regular expression in a typed selector', () => {
    const onChange = vi.fn();
    render(<LabelFilter labels={labels} onChange={onChange} />);
    typeSelector('{pod=~"("}');
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('pod=~"("');
  });

  it('hides private labels unless asked to show them', () => {
    const { rerender } = render(<LabelFilter labels={labels} />);
    expect(optionsOf(screen.getByLabelText('Label name'))).toEqual(['service', 'pod']);
    rerender(<LabelFilter labels={labels} showPrivateLabels />);
    expect(optionsOf(screen.getByLabelText('Label name'))).toEqual(['service', 'pod', '__name__']);
  });

  it('shows that there are no labels, and still takes a selector', () => {
    const onChange = vi.fn();
    render(<LabelFilter labels={[labels[2]]} onChange={onChange} />);
    expect(screen.getByText('No labels in these profiles')).toBeTruthy();
    expect(screen.queryByLabelText('Label name')).toBeNull();
    typeSelector('__name__="process_cpu"');
    expect(onChange).toHaveBeenCalledWith([{ name: '__name__', op: '=', value: 'process_cpu' }]);
  });

  it('does not change in controlled mode until the parent does', () => {
    const onChange = vi.fn();
    const fixed: LabelMatcher[] = [{ name: 'service', op: '=', value: 'api' }];
    const { rerender } = render(
      <LabelFilter labels={labels} matchers={fixed} onChange={onChange} />,
    );
    const remove = screen.getByRole('button', { name: 'Remove filter service = api' });
    remove.focus();
    fireEvent.click(remove);
    expect(onChange).toHaveBeenLastCalledWith([]);
    // The parent re-renders with the same matchers: the chip and its focus stay.
    rerender(<LabelFilter labels={labels} matchers={[...fixed]} onChange={onChange} />);
    expect(document.activeElement).toBe(remove);
    // Later changes by the parent leave the focus where the user put it.
    const field = screen.getByRole('textbox', { name: 'Label selector' });
    field.focus();
    rerender(<LabelFilter labels={labels} matchers={[]} onChange={onChange} />);
    expect(document.activeElement).toBe(field);
    rerender(<LabelFilter labels={labels} matchers={fixed} onChange={onChange} />);
    addVia('pod', '=', 'api-1');
    expect(onChange).toHaveBeenLastCalledWith([...fixed, { name: 'pod', op: '=', value: 'api-1' }]);
    typeSelector('{pod="x"}');
    expect(onChange).toHaveBeenLastCalledWith([{ name: 'pod', op: '=', value: 'x' }]);
    expect(chips()).toEqual(['service = "api"']);
    expect(screen.getByRole('textbox', { name: 'Label selector' })).toHaveProperty(
      'value',
      '{service="api"}',
    );
  });

  it('follows a parent that accepts the changes', () => {
    function Parent() {
      const [matchers, setMatchers] = useState<LabelMatcher[]>([]);
      return <LabelFilter labels={labels} matchers={matchers} onChange={setMatchers} />;
    }
    render(<Parent />);
    addVia('service', '=', 'worker');
    expect(chips()).toEqual(['service = "worker"']);
  });

  it('renders HTML-like label text as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    render(<LabelFilter labels={[{ name: 'tag', values: [evil] }]} theme="dark" />);
    addVia('tag', '=', evil);
    expect(chips()).toEqual([`tag = "${evil}"`]);
    expect(screen.getByRole('button', { name: `Remove filter tag = ${evil}` })).toBeTruthy();
    expect(optionsOf(document.querySelector('datalist')!)).toEqual([evil]);
    expect(document.querySelector('img')).toBeNull();
    // (innerHTML would show `<img` inside attribute values, which the HTML serializer leaves unescaped.)
    const elements = [...document.body.querySelectorAll('*')];
    expect(elements.some((element) => element.hasAttribute('onerror'))).toBe(false);
    expect(elements.some((element) => element.tagName === 'IMG')).toBe(false);
  });

  it('names the group', () => {
    render(<LabelFilter labels={labels} ariaLabel="Baseline labels" />);
    expect(screen.getByRole('group', { name: 'Baseline labels' })).toBeTruthy();
  });
});
