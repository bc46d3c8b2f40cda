import { useEffect, useMemo, useRef, useState } from 'react';
import Form from '@rjsf/core';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { ApiProblem, download, getJson, saveBlob } from './api.js';
import { dropDraft, loadBundle, loadDraft, saveBundle, saveDraft } from './storage.js';
import { profileInForce } from './profiles.js';
import { formSchema, problemsByField, titleAt, toFormData, toRequestData, uiSchemaFor, fieldKey } from './form/schema.js';
import { widgets } from './form/widgets.jsx';
import { templates } from './form/templates.jsx';
import { translateString } from './form/translate.js';
import { useLiveDocument } from './live.js';
import Preview from './Preview.jsx';
import Problems from './Problems.jsx';

// The schemas are JSON Schema draft 2020-12; the form library only uses its
// validator to pick between alternatives: the problems shown are vanban's.
const validator = customizeValidator({ AjvClass: Ajv2020 });

/** What the screen edits: a template's data, or a whole document of a kind. */
async function loadSpec(source) {
  const lists = await getJson('/v1/kinds');
  if (source.template) {
    const t = await getJson(`/v1/templates/${encodeURIComponent(source.template)}`);
    return { lists, title: t.meta.title, description: t.meta.description, kindId: t.meta.kind, schema: t.schema, example: t.example, template: t.meta.id };
  }
  const [schema, example] = await Promise.all([getJson('/v1/schema'), getJson(`/v1/kinds/${encodeURIComponent(source.kind)}/example`).catch(() => null)]);
  const kind = profileInForce(lists, null)?.kinds.find((k) => k.id === source.kind);
  return { lists, title: `Văn bản trống: ${kind?.name?.toLowerCase() || source.kind}`, description: 'Soạn toàn bộ văn bản; nội dung viết bằng Markdown.', kindId: source.kind, schema, example, template: null };
}

function requestBody(spec, data) {
  const clean = toRequestData(data);
  return spec.template ? { template: spec.template, data: clean } : { ...clean, kind: spec.kindId };
}

/** Whether anything was typed: a text, a number, a ticked box. */
function hasContent(value) {
  if (Array.isArray(value)) return value.some(hasContent);
  if (value && typeof value === 'object') return Object.values(value).some(hasContent);
  return value !== undefined && value !== null && value !== '' && value !== false;
}

/** Reads an exported file: a request ({template, data}), data alone or a document. */
function importedData(spec, value) {
  if (value && typeof value === 'object' && 'template' in value && 'data' in value) {
    if (spec.template && value.template !== spec.template) throw new Error(`tệp này là dữ liệu của mẫu “${value.template}”`);
    return value.data;
  }
  return value;
}

export default function Editor({ source }) {
  const route = source.template ? `mau/${source.template}` : `trong/${source.kind}`;
  const [spec, setSpec] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [data, setData] = useState(() => toFormData(loadDraft(route)?.data ?? (source.kind ? { kind: source.kind } : {})));
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState('');
  const fileInput = useRef(null);
  // Typed by the user since the last load (a draft counts as typed).
  const edited = useRef(!!loadDraft(route));

  useEffect(() => {
    loadSpec(source).then(setSpec).catch(setLoadError);
  }, [source]);

  useEffect(() => {
    // The screen is there once its form is: its heading takes the focus, as after a page load.
    if (spec) document.querySelector('main h1')?.focus();
  }, [spec]);

  const shown = useMemo(() => (spec ? formSchema(spec.schema) : null), [spec]);
  const uiSchema = useMemo(() => (shown ? uiSchemaFor(shown, toFormData(spec.example), { free: !spec.template }) : null), [shown, spec]);
  // Keyed by its text: the form reports changes that change nothing, and
  // those must not cost a round of validation and preview.
  const bodyText = spec ? JSON.stringify(requestBody(spec, data)) : null;
  const body = useMemo(() => (bodyText ? JSON.parse(bodyText) : null), [bodyText]);
  const live = useLiveDocument(body);
  const problemsAt = useMemo(() => problemsByField(live.problems, { template: !!spec?.template }), [live.problems, spec]);
  const kindInfo = spec && profileInForce(spec.lists, null)?.kinds.find((k) => k.id === spec.kindId);
  const inForce = spec && (spec.lists.find((l) => l.profile === live.profile) || profileInForce(spec.lists, data?.date ?? data?.ngay));

  useEffect(() => {
    if (!spec) return undefined;
    // Only what holds something typed: opening a mẫu to look leaves no draft.
    if (!hasContent({ ...toRequestData(data), kind: undefined })) return undefined;
    const timer = setTimeout(() => saveDraft(route, spec.title, toRequestData(data)), 400);
    return () => clearTimeout(timer);
  }, [spec, data, route]);

  const say = (text) => {
    setNotice(text);
    setTimeout(() => setNotice((n) => (n === text ? '' : n)), 6000);
  };

  const get = async (format) => {
    setBusy(format);
    try {
      const name = await download(`/v1/render?format=${format}`, body, `van-ban.${format}`);
      say(`Đã tải ${name}.`);
    } catch (e) {
      say(e instanceof ApiProblem && e.problems.length ? `Chưa tải được: còn ${e.problems.filter((p) => p.severity === 'error').length} lỗi (xem danh sách bên dưới).` : `Chưa tải được: ${e.message}`);
    } finally {
      setBusy('');
    }
  };

  const useExample = () => {
    if (edited.current && hasContent({ ...data, kind: undefined }) && !window.confirm('Thay nội dung đang soạn bằng dữ liệu mẫu?')) return;
    setData(toFormData(spec.example));
    edited.current = false;
  };
  const startOver = () => {
    if (!window.confirm('Bỏ bản nháp này và soạn văn bản mới? Nội dung đang soạn sẽ mất.')) return;
    dropDraft(route);
    setData(spec.template ? {} : { kind: spec.kindId });
    edited.current = false;
    say('Đã bắt đầu văn bản mới.');
  };
  const exportJson = () => {
    const name = `${spec.template || spec.kindId}.json`;
    saveBlob(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }), name);
    say(`Đã xuất dữ liệu ra ${name}.`);
  };
  const importJson = async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      setData(toFormData(importedData(spec, JSON.parse(await file.text()))));
      say(`Đã nhập dữ liệu từ ${file.name}.`);
    } catch (err) {
      say(`Không nhập được ${file.name}: ${err.message}`);
    }
  };
  const addToBundle = () => {
    const bundle = loadBundle();
    const clean = toRequestData(data);
    const title = clean.subject || clean.trich_yeu || spec.title;
    bundle.items.push(spec.template ? { title, template: spec.template, templateTitle: spec.title, data: clean } : { title, document: body });
    saveBundle(bundle);
    say(`Đã thêm “${title}” vào hồ sơ hội nghị (${bundle.items.length} tài liệu).`);
  };

  if (loadError) return <p role="alert" className="error">Không mở được mẫu: {loadError.message}</p>;
  if (!spec) return <p>Đang tải mẫu…</p>;

  const errors = live.problems.filter((p) => p.severity === 'error').length;
  return (
    <div className="editor">
      <div className="editor-head">
        <div>
          <h1 tabIndex={-1}>{spec.title}</h1>
          <p className="lead" title={spec.description}>{spec.description}</p>
        </div>
        <p className="profile" aria-live="polite">
          Thể thức: <strong>{inForce?.guide || '—'}</strong>
          {inForce?.name ? <span className="muted"> ({inForce.name})</span> : null}
        </p>
      </div>
      <div className="actions" role="toolbar" aria-label="Thao tác với văn bản">
        <button type="button" onClick={useExample} disabled={!spec.example}>Dùng dữ liệu mẫu</button>
        <button type="button" onClick={startOver}>Văn bản mới</button>
        <button type="button" onClick={exportJson}>Xuất JSON</button>
        <button type="button" onClick={() => fileInput.current?.click()}>Nhập JSON</button>
        <input ref={fileInput} type="file" accept="application/json,.json" hidden onChange={importJson} aria-label="Chọn tệp JSON để nhập" />
        <button type="button" onClick={addToBundle}>Thêm vào hồ sơ</button>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => get('docx')} disabled={!!busy || errors > 0}>{busy === 'docx' ? 'Đang tạo…' : 'Tải DOCX'}</button>
        <button type="button" className="primary" onClick={() => get('pdf')} disabled={!!busy || errors > 0}>{busy === 'pdf' ? 'Đang tạo…' : 'Tải PDF'}</button>
      </div>
      <p className="notice" role="status">{notice}</p>
      <div className="workspace">
        <section className="form-side" aria-labelledby="noi-dung-van-ban" onInput={() => { edited.current = true; }}>
          <h2 id="noi-dung-van-ban">Nội dung</h2>
          <Problems problems={live.problems} template={!!spec.template} labelOf={(p) => titleAt(shown, fieldKey(p.path, { template: !!spec.template }))} />
          <Form
            schema={shown}
            uiSchema={uiSchema}
            formData={data}
            validator={validator}
            widgets={widgets}
            templates={templates}
            translateString={translateString}
            formContext={{ problemsAt, articleKind: kindInfo?.structure === 'articles' }}
            onChange={(e) => setData(e.formData)}
            noValidate
            showErrorList={false}
            omitExtraData={false}
            experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipEmptyDefaults' }}
          />
        </section>
        <Preview pages={live.pages} count={live.count} status={live.status} stale={live.stale} />
      </div>
    </div>
  );
}
