import { useEffect, useRef, useState } from 'react';
import { ApiProblem, postJson } from './api.js';

// Follows the document as it is typed: after a short pause, /v1/validate
// gives the problems and /v1/preview the pages, page 1 first. A newer edit
// aborts what is still on its way; the last good pages stay on screen.

const PAUSE_MS = 250;

function previewWidth() {
  // The width the page is shown at, so the image is drawn for the screen.
  const shown = document.querySelector('.pages')?.clientWidth || window.innerWidth * 0.45;
  const css = Math.min(900, Math.max(300, shown - 16));
  return Math.round(Math.min(1600, Math.max(200, css * (window.devicePixelRatio || 1))));
}

async function page(body, n, width, signal) {
  const response = await postJson(`/v1/preview?page=${n}&width=${width}`, body, { signal, accept: 'image/png' });
  return { url: URL.createObjectURL(await response.blob()), count: Number(response.headers.get('x-vanban-pages')) || 1 };
}

export function useLiveDocument(body) {
  const [problems, setProblems] = useState([]);
  const [profile, setProfile] = useState(null);
  const [pages, setPages] = useState([]);
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState('');
  const [stale, setStale] = useState(false);
  const urls = useRef([]);

  const show = (n, url) => {
    const old = urls.current[n];
    urls.current = [...urls.current];
    urls.current[n] = url;
    setPages(urls.current);
    if (old) URL.revokeObjectURL(old);
  };

  useEffect(() => {
    if (!body) return undefined;
    const control = new AbortController();
    const { signal } = control;
    const timer = setTimeout(async () => {
      setStatus('Đang cập nhật…');
      const width = previewWidth();
      try {
        // Both at once: the page is drawn while the problems are looked for.
        const checked = postJson('/v1/validate', body, { signal }).then(async (r) => {
          setProfile(r.headers.get('x-vanban-profile'));
          const list = await r.json();
          setProblems(list);
          return list;
        });
        const drawn = page(body, 1, width, signal).catch((e) => e);
        const list = await checked;
        if (list.some((p) => p.severity === 'error')) {
          drawn.then((d) => d?.url && URL.revokeObjectURL(d.url));
          setStale(true);
          setStatus('Còn lỗi phải sửa: bản xem trước chưa cập nhật.');
          return;
        }
        const first = await drawn;
        if (first instanceof Error) throw first;
        setCount(first.count);
        show(0, first.url);
        for (let n = 2; n <= first.count; n++) {
          const next = await page(body, n, width, signal);
          show(n - 1, next.url);
        }
        urls.current.slice(first.count).forEach((u) => u && URL.revokeObjectURL(u));
        urls.current = urls.current.slice(0, first.count);
        setPages(urls.current);
        setStale(false);
        setStatus(`Đã cập nhật lúc ${new Date().toLocaleTimeString('vi-VN')}`);
      } catch (e) {
        if (signal.aborted) return;
        setStale(true);
        if (e instanceof ApiProblem && e.problems.length) setProblems(e.problems);
        setStatus(e instanceof ApiProblem ? `Không dựng được bản xem trước: ${e.message}` : 'Mất kết nối tới máy chủ vanban; sẽ thử lại khi sửa tiếp.');
      }
    }, PAUSE_MS);
    return () => {
      clearTimeout(timer);
      control.abort();
    };
  }, [body]);

  useEffect(() => () => urls.current.forEach((u) => u && URL.revokeObjectURL(u)), []);
  return { problems, profile, pages, count, status, stale };
}
