import { useCallback, useRef, useState } from 'react';
import { isFlamekitError } from '../core/index';
import { ContextMenu } from './ContextMenu';
import {
  EXPORT_FILE_FORMATS,
  createExportFile,
  describeExportFormat,
  downloadFile,
  isPictureFormat,
  type ExportedFile,
} from './export-files';
import type { ExportFileFormat, ExportSource } from './export-source';
import { buttonStyle, themeColor, visuallyHidden } from './styles';
import { themedRootProps, useResolvedTheme, type ThemedProps } from './use-theme';

export interface ExportMenuProps extends ExportSource, ThemedProps {
  /** The formats offered, in this order. Default all; the profile formats only with a `profile`. */
  formats?: readonly ExportFileFormat[];
  /** Receives each file instead of the browser's download (to upload it, say). */
  onExport?: (file: ExportedFile) => void;
  /** The view is zoomed: PNG and SVG are also offered of the whole graph. */
  zoomed?: boolean;
}

/**
 * An "Export" button with a menu of formats: PNG, SVG or interactive HTML of the view as shown
 * (zoom, search, colours, theme), and the profile as folded stacks, pprof, speedscope or
 * flamebearer. Keyboard: Enter or Space opens it, arrows move, Escape closes and returns focus to
 * the button. The outcome is announced; an error (a format that cannot hold the profile) is shown
 * in an alert.
 */
export function ExportMenu(props: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean }>({ text: '' });
  const button = useRef<HTMLButtonElement>(null);
  const theme = useResolvedTheme(props.theme);
  const formats = (props.formats ?? EXPORT_FILE_FORMATS).filter(
    (format) => isPictureFormat(format) || props.profile !== undefined,
  );

  const run = async (format: ExportFileFormat, whole = false) => {
    const { label } = describeExportFormat(format);
    setStatus({ text: `Exporting ${label}…` });
    try {
      const file = await createExportFile(format, whole ? wholeGraph(props) : props);
      (props.onExport ?? downloadFile)(file);
      setStatus({ text: `Exported ${file.fileName}` });
    } catch (error) {
      const reason = isFlamekitError(error) ? error.message : String(error);
      setStatus({ text: `Could not export ${label}: ${reason}`, error: true });
    }
  };
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  if (formats.length === 0) return null;
  return (
    <span
      data-flamekit="export-menu"
      {...themedRootProps(theme, props, {
        position: 'relative',
        display: 'inline-block',
        color: themeColor.fg,
      })}
    >
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        style={buttonStyle}
      >
        Export ▾
      </button>
      {open && (
        <ContextMenu
          label="Export"
          trigger={button}
          x={0}
          y={(button.current?.offsetHeight ?? 24) + 4}
          onClose={close}
          items={formats.flatMap((format) => {
            const { label, extension } = describeExportFormat(format);
            const item = { label: `${label} (${extension})`, onSelect: () => void run(format) };
            if (!props.zoomed || (format !== 'png' && format !== 'svg')) return [item];
            const whole = {
              label: `${label} of the whole graph (${extension})`,
              onSelect: () => void run(format, true),
            };
            return [item, whole];
          })}
        />
      )}
      {/* The status region stays mounted, so that a change of its text is announced; an alert
          is announced when it appears. */}
      <span role="status" style={visuallyHidden}>
        {status.error ? '' : status.text}
      </span>
      {status.error && (
        <span role="alert" style={{ marginLeft: 6, color: themeColor.error }}>
          {status.text}
        </span>
      )}
    </span>
  );
}

/** The source with the zoom left out: the picture shows the whole graph, search and colours kept. */
function wholeGraph(source: ExportSource): ExportSource {
  const picture = typeof source.picture === 'function' ? source.picture() : source.picture;
  return { ...source, picture: { ...picture, focus: 0 } };
}
