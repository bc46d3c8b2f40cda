import { useEffect, useRef, useState } from 'react';
import { ApiProblem, getJson, postJson } from './api.js';

// A batch: one template, a CSV of rows (one document per row), rendered on
// the server while a progress bar follows it; the ZIP and the failed rows.

const POLL_MS = 500;

function FailedRows({ errors }) {
  if (!errors.length) return null;
  return (
    <section aria-labelledby="dong-loi">
      <h2 id="dong-loi">Các dòng không tạo được ({errors.length})</h2>
      <table className="failed">
        <thead>
          <tr><th scope="col">Dòng</th><th scope="col">Trường</th><th scope="col">Vấn đề</th></tr>
        </thead>
        <tbody>
          {errors.flatMap((e) =>
            e.problems.map((p, i) => (
              <tr key={`${e.row}-${i}`}>
                <td>{e.row}</td>
                <td><code>{p.path.replace(/^\/data\//, '').replace(/^\//, '') || '—'}</code></td>
                <td>{p.message}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}

function useJob(id) {
  const [job, setJob] = useState(null);
  useEffect(() => {
    if (!id) return undefined;
    let stop = false;
    let timer;
    const poll = async () => {
      try {
        const status = await getJson(`/v1/batches/${encodeURIComponent(id)}`);
        if (stop) return;
        setJob(status);
        if (status.state === 'queued' || status.state === 'running') timer = setTimeout(poll, POLL_MS);
      } catch (e) {
        if (!stop) setJob((j) => ({ ...(j || {}), state: 'lost', failure: e.message }));
      }
    };
    poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id]);
  return job;
}

export default function BatchPage({ initial }) {
  const [list, setList] = useState([]);
  const [template, setTemplate] = useState(initial || '');
  const [file, setFile] = useState(null);
  const [formats, setFormats] = useState('both');
  const [jobId, setJobId] = useState(null);
  const [error, setError] = useState(null);
  const job = useJob(jobId);
  const fileRef = useRef(null);

  useEffect(() => {
    getJson('/v1/templates')
      .then((ts) => {
        setList(ts);
        setTemplate((t) => t || ts[0]?.id || '');
      })
      .catch(setError);
  }, []);

  const start = async (e) => {
    e.preventDefault();
    setError(null);
    if (!file) {
      setError(new Error('Chọn tệp CSV trước.'));
      fileRef.current?.focus();
      return;
    }
    try {
      const csv = await file.text();
      const chosen = formats === 'both' ? ['pdf', 'docx'] : [formats];
      const response = await postJson('/v1/batches', { template, csv, formats: chosen });
      const started = await response.json();
      setJobId(started.id);
    } catch (err) {
      setError(err);
    }
  };

  const running = job && (job.state === 'queued' || job.state === 'running');
  // `done` counts the rows that gave their documents, `failed` the others.
  const finished = (job?.done ?? 0) + (job?.failed ?? 0);
  const chosen = list.find((t) => t.id === template);
  return (
    <div className="batch">
      <h1 tabIndex={-1}>Xuất hàng loạt theo mẫu</h1>
      <p className="lead">Mỗi dòng của tệp CSV là một văn bản. Tải dòng tiêu đề của mẫu, điền bằng Excel hoặc LibreOffice Calc (lưu dạng CSV UTF-8), rồi tải lên.</p>
      <form onSubmit={start} className="batch-form">
        <div className="field">
          <label htmlFor="lo-mau">Mẫu văn bản</label>
          <select id="lo-mau" value={template} onChange={(e) => setTemplate(e.target.value)}>
            {list.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
          </select>
          {chosen && (
            <p className="help">
              {chosen.description} <a href={`/v1/templates/${encodeURIComponent(template)}/csv`} download>Tải dòng tiêu đề CSV của mẫu này</a>
            </p>
          )}
        </div>
        <div className="field">
          <span className="label" id="lo-tep-nhan">Tệp CSV dữ liệu</span>
          {/* The browser's own file button speaks its own language: ours says what to do. */}
          <input id="lo-tep" ref={fileRef} className="visually-hidden" type="file" accept=".csv,text/csv" aria-labelledby="lo-tep-nhan" onChange={(e) => setFile(e.target.files?.[0] || null)} />
          <label htmlFor="lo-tep" className="button file-button">Chọn tệp CSV…</label>
          <span className="file-name">{file ? file.name : 'chưa chọn tệp'}</span>
        </div>
        <fieldset className="field">
          <legend>Định dạng</legend>
          {[['both', 'PDF và DOCX'], ['pdf', 'Chỉ PDF'], ['docx', 'Chỉ DOCX']].map(([value, text]) => (
            <label key={value} className="inline">
              <input type="radio" name="lo-dinh-dang" value={value} checked={formats === value} onChange={() => setFormats(value)} /> {text}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={running || !template}>Bắt đầu xuất</button>
      </form>
      {error && (
        <div role="alert" className="error">
          <p>Chưa bắt đầu được: {error.message}</p>
          {error instanceof ApiProblem && error.problems.length > 0 && (
            <ul>{error.problems.map((p, i) => <li key={i}><code>{p.path}</code> {p.message}</li>)}</ul>
          )}
        </div>
      )}
      {job && (
        <section aria-labelledby="tien-do" className="job">
          <h2 id="tien-do">Tiến độ</h2>
          <label htmlFor="lo-tien-do">
            {finished}/{job.total ?? '?'} dòng: {job.done ?? 0} văn bản{job.failed ? `, ${job.failed} dòng lỗi` : ''}
            {job.state === 'done' && ' — xong'}
          </label>
          <progress id="lo-tien-do" max={job.total || 1} value={finished}>{finished}</progress>
          {job.state === 'done' && (
            <p><a className="button primary" href={`/v1/batches/${encodeURIComponent(job.id)}/result`} download>Tải tệp ZIP</a></p>
          )}
          {(job.state === 'failed' || job.state === 'lost' || job.state === 'cancelled') && (
            <p role="alert" className="error">Lô không hoàn thành{job.failure ? `: ${job.failure}` : ''}.</p>
          )}
          <FailedRows errors={job.errors || []} />
        </section>
      )}
    </div>
  );
}
