import { useState } from 'react';
import { ApiProblem, download, postFile } from './api.js';
import { saveDraft } from './storage.js';

// "Kiểm tra văn bản": a DOCX from Word is checked against the thể thức in
// force on its date (/v1/lint); read back into a document (/v1/import), it
// can be downloaded laid out correctly, or opened in the editor to finish.

function ProblemTable({ problems }) {
  return (
    <table className="failed lint">
      <thead>
        <tr><th scope="col">Đoạn</th><th scope="col">Vấn đề</th><th scope="col">Trong tệp</th><th scope="col">Hướng dẫn yêu cầu</th></tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i} className={p.severity === 'error' ? 'problem-error' : 'problem-warning'}>
            <td>{p.paragraph || '—'}{p.quote && <div className="muted quote">“{p.quote}”</div>}</td>
            <td><span className="tag">{p.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}</span> {p.message}</td>
            <td>{p.found}</td>
            <td>{p.expected}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function CheckPage() {
  const [file, setFile] = useState(null);
  const [result, setResult] = useState(null);
  // The document read back from the file, fetched only when it is asked for.
  const [imported, setImported] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState('');
  const [notice, setNotice] = useState('');

  const check = async (chosen) => {
    setFile(chosen);
    setResult(null);
    setImported(null);
    setError(null);
    if (!chosen) return;
    setBusy('check');
    try {
      setResult(await postFile('/v1/lint', chosen));
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };
  const readBack = async () => {
    const read = imported || (await postFile('/v1/import', file)).document;
    setImported(read);
    return read;
  };
  const fixed = async (format) => {
    setBusy(format);
    try {
      const name = await download(`/v1/render?format=${format}`, await readBack(), `van-ban.${format}`);
      setNotice(`Đã tải ${name}, dựng lại đúng thể thức.`);
    } catch (e) {
      setNotice(`Chưa dựng lại được: ${e instanceof ApiProblem && e.problems.length ? e.problems.map((p) => p.message).join('; ') : e.message}`);
    } finally {
      setBusy('');
    }
  };
  const openInEditor = async () => {
    try {
      const read = await readBack();
      const route = `trong/${read.kind}`;
      saveDraft(route, read.subject || file.name, read);
      window.location.hash = `#/${route}`;
    } catch (e) {
      setNotice(`Không mở được: ${e.message}`);
    }
  };

  const errors = result?.problems.filter((p) => p.severity === 'error').length ?? 0;
  return (
    <div className="check">
      <h1 tabIndex={-1}>Kiểm tra thể thức văn bản</h1>
      <p className="lead">Chọn một tệp Word (DOCX) đã soạn. vanban đối chiếu khổ giấy, lề, phông và cỡ chữ, chữ đậm, nghiêng, số và ký hiệu, ngày tháng, đánh số chương, điều, khoản, điểm và nơi nhận với hướng dẫn thể thức có hiệu lực vào ngày của văn bản, rồi có thể dựng lại văn bản cho đúng.</p>
      <div className="field">
        <span className="label" id="kt-tep-nhan">Tệp DOCX cần kiểm tra</span>
        <input id="kt-tep" className="visually-hidden" type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-labelledby="kt-tep-nhan" onChange={(e) => check(e.target.files?.[0] || null)} />
        <label htmlFor="kt-tep" className="button file-button">Chọn tệp DOCX…</label>
        <span className="file-name">{file ? file.name : 'chưa chọn tệp'}</span>
      </div>
      {busy === 'check' && <p role="status">Đang kiểm tra…</p>}
      {error && <p role="alert" className="error">Không kiểm tra được {file?.name}: {error.message}{error.body?.detail ? ` (${error.body.detail})` : ''}</p>}
      {result && (
        <section aria-labelledby="kt-ket-qua">
          <h2 id="kt-ket-qua">Kết quả theo {result.profile === 'dang-hd36' ? 'Hướng dẫn 36-HD/VPTW' : 'Hướng dẫn 05-HD/VPTW'}</h2>
          {result.problems.length === 0 ? (
            <p className="all-good" role="status">Không thấy lỗi thể thức nào.</p>
          ) : (
            <>
              <p role="status">{errors} lỗi, {result.problems.length - errors} cảnh báo.</p>
              <ProblemTable problems={result.problems} />
            </>
          )}
          <h2>Dựng lại đúng thể thức</h2>
          <p className="help">
            vanban đọc lại nội dung của tệp rồi trình bày lại theo đúng thể thức. Tải bản dựng lại, hoặc mở trong màn hình soạn thảo để xem và sửa tiếp.
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => fixed('docx')} disabled={!!busy}>Tải DOCX đúng thể thức</button>
            <button type="button" className="primary" onClick={() => fixed('pdf')} disabled={!!busy}>Tải PDF đúng thể thức</button>
            <button type="button" onClick={openInEditor}>Mở để soạn tiếp</button>
          </div>
          <p className="notice" role="status">{notice}</p>
        </section>
      )}
    </div>
  );
}
