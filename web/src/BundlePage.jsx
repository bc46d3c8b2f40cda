import { useState } from 'react';
import { ApiProblem, download } from './api.js';
import { loadBundle, saveBundle } from './storage.js';

// The hồ sơ for a hội nghị: documents added from the editor, put in order,
// downloaded as one ZIP (each as DOCX and PDF) or one merged PDF.

function manifest(bundle) {
  return {
    title: bundle.title || 'Hồ sơ hội nghị',
    documents: bundle.items.map(({ title, template, data, document }) => (template ? { title, template, data } : { title, document })),
  };
}

export default function BundlePage() {
  const [bundle, setBundle] = useState(loadBundle);
  const [notice, setNotice] = useState('');
  const [problems, setProblems] = useState([]);
  const [busy, setBusy] = useState('');

  const update = (next) => {
    setBundle(next);
    saveBundle(next);
  };
  const move = (i, by) => {
    const items = [...bundle.items];
    const [item] = items.splice(i, 1);
    items.splice(i + by, 0, item);
    update({ ...bundle, items });
    setNotice(`Đã chuyển “${item.title}” tới vị trí ${i + by + 1}.`);
  };
  const rename = (i, title) => update({ ...bundle, items: bundle.items.map((item, j) => (j === i ? { ...item, title } : item)) });
  const remove = (i) => {
    const item = bundle.items[i];
    if (!window.confirm(`Bỏ “${item.title}” khỏi hồ sơ?`)) return;
    update({ ...bundle, items: bundle.items.filter((_, j) => j !== i) });
    setNotice(`Đã bỏ “${item.title}”.`);
  };
  const get = async (format) => {
    setBusy(format);
    setProblems([]);
    try {
      const name = await download(`/v1/bundles?format=${format}`, manifest(bundle), format === 'pdf' ? 'ho-so.pdf' : 'ho-so.zip');
      setNotice(`Đã tải ${name}.`);
    } catch (e) {
      setNotice(`Chưa tải được: ${e.message}`);
      if (e instanceof ApiProblem) setProblems(e.problems);
    } finally {
      setBusy('');
    }
  };

  const empty = bundle.items.length === 0;
  return (
    <div className="bundle">
      <h1 tabIndex={-1}>Hồ sơ hội nghị</h1>
      <p className="lead">Thêm tài liệu từ màn hình soạn thảo (nút “Thêm vào hồ sơ”), sắp thứ tự, rồi tải cả bộ: tệp ZIP có từng tài liệu dạng DOCX và PDF, hoặc một tệp PDF gộp có dấu trang.</p>
      <div className="field">
        <label htmlFor="ho-so-ten">Tên hồ sơ</label>
        <input id="ho-so-ten" type="text" value={bundle.title} placeholder="ví dụ: Hội nghị Ban Chấp hành Đảng bộ lần thứ 5" onChange={(e) => update({ ...bundle, title: e.target.value })} />
      </div>
      {empty ? (
        <p>Hồ sơ chưa có tài liệu nào. <a href="#/">Chọn một mẫu để soạn</a>.</p>
      ) : (
        <ol className="bundle-items">
          {bundle.items.map((item, i) => (
            <li key={i}>
              <span className="item-number" aria-hidden="true">{i + 1}.</span>
              <span className="item-title">
                <label htmlFor={`ho-so-muc-${i}`} className="visually-hidden">Tên tài liệu thứ {i + 1}</label>
                <input id={`ho-so-muc-${i}`} type="text" value={item.title} onChange={(e) => rename(i, e.target.value)} />
              </span>
              <span className="muted">{item.template ? `theo mẫu “${item.templateTitle || item.template}”` : 'văn bản tự soạn'}</span>
              <span className="item-buttons">
                <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Chuyển “${item.title}” lên`}>Lên</button>
                <button type="button" onClick={() => move(i, 1)} disabled={i === bundle.items.length - 1} aria-label={`Chuyển “${item.title}” xuống`}>Xuống</button>
                <button type="button" onClick={() => remove(i)} aria-label={`Bỏ “${item.title}” khỏi hồ sơ`}>Bỏ</button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={empty || !!busy} onClick={() => get('zip')}>{busy === 'zip' ? 'Đang tạo…' : 'Tải hồ sơ (ZIP)'}</button>
        <button type="button" className="primary" disabled={empty || !!busy} onClick={() => get('pdf')}>{busy === 'pdf' ? 'Đang tạo…' : 'Tải PDF gộp'}</button>
      </div>
      <p role="status" className="notice">{notice}</p>
      {problems.length > 0 && (
        <ul className="error">{problems.map((p, i) => <li key={i}><code>{p.path}</code> {p.message}</li>)}</ul>
      )}
    </div>
  );
}
