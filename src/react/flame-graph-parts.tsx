import type { Ref, ReactNode } from 'react';
import type { SearchQuery, SearchResult } from '../core/index';
import { ExportMenu, type ExportMenuProps } from './ExportMenu';
import { SearchBar } from './SearchBar';
import { buttonStyle } from './styles';

// The toolbar of <FlameGraph> alone (an explorer brings its own): search, Back and Reset through
// the zoom history, the Export menu, and the host's items.

export interface FlameGraphToolbarProps {
  searchInput: Ref<HTMLInputElement>;
  search: SearchQuery;
  onSearchChange: (query: SearchQuery) => void;
  searchResult: SearchResult | undefined;
  onStep: (direction: 1 | -1) => void;
  onBack: () => void;
  canGoBack: boolean;
  onReset: () => void;
  canReset: boolean;
  /** The Export menu's source and formats; undefined for no menu. */
  exportMenu: ExportMenuProps | undefined;
  items: ReactNode;
}

export function FlameGraphToolbar(props: FlameGraphToolbarProps) {
  const { searchResult } = props;
  return (
    <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
      <SearchBar
        ref={props.searchInput}
        query={props.search}
        onQueryChange={props.onSearchChange}
        matchCount={searchResult?.matchCount ?? 0}
        share={searchResult?.share ?? 0}
        error={searchResult?.error}
        onStep={props.onStep}
      />
      <button type="button" onClick={props.onBack} disabled={!props.canGoBack} style={buttonStyle}>
        Back
      </button>
      <button type="button" onClick={props.onReset} disabled={!props.canReset} style={buttonStyle}>
        Reset
      </button>
      {props.exportMenu && <ExportMenu {...props.exportMenu} />}
      {props.items}
    </div>
  );
}
