import { useRef } from 'react';
import { ariaDescribedByIds } from '@rjsf/utils';
import { isoDate } from '../profiles.js';

// Widgets for what a văn thư types: dates as the guide writes them, long
// paragraphs, and the Markdown body with its heading levels.

/** What every text widget passes to its <input> or <textarea>: rjsf's value,
 * state and events, and the ids of its help and problems. */
function fieldProps({ id, value, required, disabled, readonly, onChange, onBlur, onFocus, options, htmlName }) {
  return {
    id,
    name: htmlName || id,
    className: 'form-control',
    value: value ?? '',
    required,
    disabled,
    readOnly: readonly,
    onChange: (e) => onChange(e.target.value === '' ? options.emptyValue : e.target.value),
    onBlur: (e) => onBlur(id, e.target.value),
    onFocus: (e) => onFocus(id, e.target.value),
    'aria-describedby': ariaDescribedByIds(id),
  };
}

/** A date typed as vanban reads it (15/6/2026, 2026-06-15, or a year for a
 * draft), with the browser's calendar beside it for picking a day. */
export function DateTextWidget(props) {
  const { value, disabled, readonly, onChange } = props;
  const iso = isoDate(value) || '';
  const pick = (e) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(e.target.value);
    if (m) onChange(`${Number(m[3])}/${Number(m[2])}/${m[1]}`);
  };
  return (
    <div className="date-field">
      <input {...fieldProps(props)} type="text" inputMode="numeric" autoComplete="off" placeholder="ngày/tháng/năm, ví dụ 15/6/2026" />
      <input
        type="date"
        className="calendar"
        aria-label="Chọn ngày trên lịch"
        title="Chọn ngày trên lịch"
        value={iso}
        disabled={disabled || readonly}
        onChange={pick}
      />
    </div>
  );
}

/** A paragraph or a list item that runs over several lines: grows as typed. */
export function ParagraphWidget(props) {
  const text = String(props.value ?? '');
  const lines = Math.min(12, Math.max(props.options.rows || 2, Math.ceil(text.length / 58) + (text.match(/\n/g) || []).length));
  return <textarea {...fieldProps(props)} rows={lines} />;
}

const REPORT_LEVELS = [
  ['#', 'I-, II- …', 'phần lớn (chữ in hoa, đậm)'],
  ['##', '1., 2. …', 'mục'],
  ['###', '1.1., 1.2. …', 'tiểu mục'],
  ['####', 'a), b) …', 'điểm'],
];
const RULE_LEVELS = [
  ['#', 'Chương I, Chương II …', 'chương'],
  ['##', 'Mục 1, Mục 2 …', 'mục trong chương'],
  ['###', 'Điều 1., Điều 2. …', 'điều, đánh số liên tục'],
  ['1.', '1., 2. …', 'khoản: dòng bắt đầu bằng số và dấu chấm'],
  ['a)', 'a), b) … (có đ, không có f)', 'điểm'],
];

/** The body in vanban's Markdown, with buttons for the heading levels and a
 * short guide to what each level prints as (a quy chế counts in Chương and
 * Điều, other kinds in I-, 1., 1.1., a). */
export function MarkdownWidget(props) {
  const { id, value, disabled, readonly, onChange, options, registry } = props;
  const area = useRef(null);
  const articles = registry.formContext?.articleKind;
  const levels = articles ? RULE_LEVELS : REPORT_LEVELS;
  const text = String(value ?? '');

  // Puts a prefix at the start of the line the cursor is on, keeping the cursor.
  const prefixLine = (prefix) => {
    const el = area.current;
    if (!el) return;
    const at = el.selectionStart ?? text.length;
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const line = text.slice(start).replace(/^#{1,6}\s+/, '');
    const next = text.slice(0, start) + (prefix ? `${prefix} ` : '') + line;
    onChange(next);
    requestAnimationFrame(() => {
      el.focus();
      const cursor = at + (next.length - text.length);
      el.setSelectionRange(cursor, cursor);
    });
  };
  const headingButtons = levels.filter(([mark]) => mark.startsWith('#'));
  return (
    <div className="markdown">
      <div className="toolbar" role="toolbar" aria-label="Định dạng nội dung" aria-controls={id}>
        {headingButtons.map(([mark, shown, what]) => (
          <button key={mark} type="button" onClick={() => prefixLine(mark)} disabled={disabled || readonly} title={`Dòng này là ${what} (${shown})`}>
            {shown.split(' ')[0].replace(/,$/, '')} <span className="muted">{what.split(' ')[0]}</span>
          </button>
        ))}
        <button type="button" onClick={() => prefixLine('')} disabled={disabled || readonly} title="Dòng này là đoạn văn thường">
          Đoạn văn
        </button>
      </div>
      <textarea
        {...fieldProps(props)}
        ref={area}
        className="form-control body-text"
        rows={options.rows || 18}
        spellCheck="false"
        aria-describedby={`${ariaDescribedByIds(id)} ${id}__guide`}
      />
      <details className="guide" id={`${id}__guide`}>
        <summary>Cách ghi đề mục (số thứ tự do vanban tự đánh)</summary>
        <table>
          <thead>
            <tr><th scope="col">Gõ ở đầu dòng</th><th scope="col">In ra</th><th scope="col">Là</th></tr>
          </thead>
          <tbody>
            {levels.map(([mark, shown, what]) => (
              <tr key={mark}><td><code>{mark}</code> Tên đề mục</td><td>{shown}</td><td>{what}</td></tr>
            ))}
          </tbody>
        </table>
        <p>Để trống một dòng giữa hai đoạn văn. <code>**chữ đậm**</code>, <code>*chữ nghiêng*</code>; dòng bắt đầu bằng <code>- </code> là gạch đầu dòng; bảng viết bằng <code>| cột | cột |</code>.</p>
      </details>
    </div>
  );
}

export const widgets = { DateTextWidget, ParagraphWidget, MarkdownWidget };
