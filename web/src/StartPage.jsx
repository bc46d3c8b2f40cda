import { useEffect, useMemo, useState } from 'react';
import { getJson } from './api.js';
import { allDrafts } from './storage.js';
import { profileInForce } from './profiles.js';

/** Folds case and Vietnamese marks, so "bao cao" finds "Báo cáo". */
export function fold(text) {
  return (text || '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

function matches(query, ...texts) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const hay = fold(texts.join(' '));
  return words.every((w) => hay.includes(w));
}

export default function StartPage() {
  const [templates, setTemplates] = useState(null);
  const [kinds, setKinds] = useState([]);
  const [error, setError] = useState(null);
  const [query, setQuery] = useState('');
  const drafts = useMemo(() => allDrafts(), []);

  useEffect(() => {
    getJson('/v1/templates').then(setTemplates).catch(setError);
    getJson('/v1/kinds')
      .then((lists) => setKinds(profileInForce(lists, null)?.kinds || []))
      .catch(setError);
  }, []);

  const shownTemplates = (templates || []).filter((t) => matches(query, t.title, t.description, t.kind, t.id));
  const shownKinds = kinds.filter((k) => matches(query, k.name, k.id, 'văn bản trống'));

  return (
    <div className="start">
      <h1 tabIndex={-1}>Soạn văn bản đúng thể thức</h1>
      <p className="lead">
        Chọn một mẫu, điền nội dung, xem trước từng trang và tải về bản Word (DOCX) hoặc PDF. Văn bản ghi ngày
        từ 27/5/2026 theo Hướng dẫn 05-HD/VPTW, trước đó theo Hướng dẫn 36-HD/VPTW.
      </p>
      <div className="search">
        <label htmlFor="tim-mau">Tìm mẫu theo tên</label>
        <input id="tim-mau" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="ví dụ: quy chế, báo cáo, giấy mời" />
      </div>
      {error && <p role="alert" className="error">Không tải được danh sách mẫu: {error.message}</p>}

      {drafts.length > 0 && (
        <section aria-labelledby="nhap">
          <h2 id="nhap">Bản nháp đang soạn</h2>
          <ul className="cards">
            {drafts.map((d) => (
              <li key={d.route}>
                <a className="card" href={`#/${d.route}`}>
                  <strong>{d.title}</strong>
                  <span>Lưu lúc {new Date(d.savedAt).toLocaleString('vi-VN')}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="mau">
        <h2 id="mau">Mẫu văn bản</h2>
        {templates === null && !error && <p>Đang tải…</p>}
        {templates && shownTemplates.length === 0 && <p>Không có mẫu nào khớp “{query}”.</p>}
        <ul className="cards">
          {shownTemplates.map((t) => (
            <li key={t.id}>
              <a className="card" href={`#/mau/${encodeURIComponent(t.id)}`}>
                <strong>{t.title}</strong>
                <span title={t.description}>{t.description}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="trong">
        <h2 id="trong">Văn bản trống theo loại</h2>
        <p>Tự soạn toàn bộ nội dung bằng Markdown, không theo mẫu.</p>
        <ul className="chips">
          {shownKinds.map((k) => (
            <li key={k.id}>
              <a className="chip" href={`#/trong/${encodeURIComponent(k.id)}`}>
                Văn bản trống: {k.name.toLowerCase()}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
