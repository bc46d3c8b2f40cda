import { fieldElement, fieldKey } from './form/schema.js';

/** Every problem of the document in one list; each jumps to its field. */
export default function Problems({ problems, template, labelOf }) {
  if (!problems.length) return <p className="all-good" role="status">Không có lỗi thể thức nào.</p>;
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity !== 'error');
  const jump = (e, p) => {
    e.preventDefault();
    const el = fieldElement(fieldKey(p.path, { template }));
    if (!el) return;
    // A field under the "Các phần khác" fold: open it first.
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    el.scrollIntoView({ block: 'center' });
    const focusable = el.matches('input, textarea, select, button') ? el : el.querySelector('input, textarea, select, button');
    (focusable || el).focus({ preventScroll: true });
  };
  const group = (list, title, cls) =>
    list.length > 0 && (
      <>
        <h3 className={cls}>{title} ({list.length})</h3>
        <ul>
          {list.map((p, i) => (
            <li key={`${p.path}-${p.code}-${i}`} className={cls}>
              <a href={`#${p.path}`} onClick={(e) => jump(e, p)}>{labelOf(p) || 'Toàn văn bản'}</a>: {p.message}
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <div className="problems" role="region" aria-label="Danh sách vấn đề">
      {group(errors, 'Lỗi phải sửa', 'problem-error')}
      {group(warnings, 'Cảnh báo nên xem', 'problem-warning')}
    </div>
  );
}
