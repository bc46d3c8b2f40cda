import { useEffect, useRef, useState } from 'react';

/** The pages as images, newest first to arrive; a page indicator follows
 * the scroll. `pages` holds object URLs, `count` the document's page count. */
export default function Preview({ pages, count, status, stale }) {
  const box = useRef(null);
  const [current, setCurrent] = useState(1);

  useEffect(() => {
    const root = box.current;
    if (!root) return undefined;
    const seen = new Map();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) seen.set(Number(e.target.dataset.page), e.intersectionRatio);
        let best = 1;
        let ratio = -1;
        for (const [page, r] of seen) if (r > ratio) [best, ratio] = [page, r];
        setCurrent(best);
      },
      { root, threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    root.querySelectorAll('img[data-page]').forEach((img) => observer.observe(img));
    return () => observer.disconnect();
  }, [pages.length]);

  return (
    <section className="preview" aria-labelledby="xem-truoc">
      <div className="preview-bar">
        <h2 id="xem-truoc">Xem trước</h2>
        <span className="page-count" aria-live="polite">
          {count ? `Trang ${Math.min(current, count)}/${count}` : 'Chưa có trang nào'}
        </span>
        <span className={`preview-status${stale ? ' stale' : ''}`} role="status">{status}</span>
      </div>
      <div className="pages" ref={box} tabIndex={0} aria-label="Các trang văn bản">
        {pages.slice(0, count || pages.length).map((url, i) =>
          url ? (
            <img key={i} data-page={i + 1} src={url} alt={`Trang ${i + 1} của văn bản`} className={stale ? 'stale' : ''} />
          ) : (
            <div key={i} data-page={i + 1} className="page-placeholder">Đang dựng trang {i + 1}…</div>
          ),
        )}
      </div>
    </section>
  );
}
