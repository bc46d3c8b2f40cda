import { useEffect, useState } from 'react';
import StartPage from './StartPage.jsx';
import Editor from './Editor.jsx';
import BatchPage from './BatchPage.jsx';
import BundlePage from './BundlePage.jsx';
import CheckPage from './CheckPage.jsx';

// Hash routes, so the server serves one page and a reload keeps the screen:
// #/  ·  #/mau/<template>  ·  #/trong/<kind>  ·  #/lo  ·  #/ho-so  ·  #/kiem-tra
function parseRoute(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'mau' && parts[1]) return { screen: 'editor', source: { template: parts[1] } };
  if (parts[0] === 'trong' && parts[1]) return { screen: 'editor', source: { kind: parts[1] } };
  if (parts[0] === 'lo') return { screen: 'batch', template: parts[1] };
  if (parts[0] === 'ho-so') return { screen: 'bundle' };
  if (parts[0] === 'kiem-tra') return { screen: 'check' };
  return { screen: 'start' };
}

function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export default function App() {
  const route = useRoute();
  useEffect(() => {
    // A new screen: move focus to its heading, as a page load would.
    document.querySelector('main h1')?.focus();
  }, [route.screen, route.source?.template, route.source?.kind]);
  return (
    <>
      <a className="skip" href="#noi-dung" onClick={(e) => { e.preventDefault(); document.getElementById('noi-dung')?.focus(); }}>
        Bỏ qua thanh điều hướng
      </a>
      <header className="top">
        <a className="brand" href="#/">vanban</a>
        <nav aria-label="Chính">
          <a href="#/" aria-current={route.screen === 'start' ? 'page' : undefined}>Mẫu văn bản</a>
          <a href="#/lo" aria-current={route.screen === 'batch' ? 'page' : undefined}>Xuất hàng loạt</a>
          <a href="#/ho-so" aria-current={route.screen === 'bundle' ? 'page' : undefined}>Hồ sơ hội nghị</a>
          <a href="#/kiem-tra" aria-current={route.screen === 'check' ? 'page' : undefined}>Kiểm tra văn bản</a>
        </nav>
      </header>
      <main id="noi-dung" tabIndex={-1}>
        {route.screen === 'start' && <StartPage />}
        {route.screen === 'editor' && <Editor key={JSON.stringify(route.source)} source={route.source} />}
        {route.screen === 'batch' && <BatchPage initial={route.template} />}
        {route.screen === 'bundle' && <BundlePage />}
        {route.screen === 'check' && <CheckPage />}
      </main>
    </>
  );
}
