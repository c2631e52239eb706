import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPreviewPage } from '../../scripts/preview-page';

describe('the npm start preview page', () => {
  it('shows the printed tree with frame names escaped', () => {
    const page = renderPreviewPage(['x.txt'], {
      name: 'x.txt',
      text: 'main;<img src=x onerror=alert(1)> 3\nmain 1',
    });
    expect(page).toContain('4 samples');
    expect(page).toContain('- main (total 4, self 1)');
    expect(page).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
    expect(page).not.toContain('<img');
  });
});
