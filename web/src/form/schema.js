// Turns the server's JSON Schemas into what the form shows, and the form's
// data back into what the server takes. One place for each such decision.

const DATE_KEY = /^(date|ngay|ngay_.+|.+_ngay)$/;
// Free-text fields of a document description that run over several lines.
const PARAGRAPH_KEYS = new Set(['preamble', 'contact', 'subject', 'attendees', 'circulation', 'issued_with']);
const HIDDEN_KEYS = new Set(['kind', 'profile']);
// A free document: the parts nearly every document has first, in the order
// they are printed; the rest under a fold.
const FREE_ORDER = ['issuer', 'number', 'place', 'date', 'subject', 'addressees', 'basis', 'preamble', 'body', 'signature', 'recipients', '*'];
const FREE_MORE = ['marks', 'paper', 'numbering', 'concluded_by', 'issued_with', 'enacting_body', 'co_signature', 'confirmation', 'minutes', 'annexes', 'extra_recipients', 'contact', 'typist_mark', 'kind', 'profile'];

function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Drops the `null` alternative of an optional value: the form leaves an
 * unset field out instead of offering a choice between "value" and "null". */
function withoutNull(node) {
  if (!node || typeof node !== 'object') return node;
  if (Array.isArray(node.type) && node.type.includes('null')) {
    const rest = node.type.filter((t) => t !== 'null');
    node.type = rest.length === 1 ? rest[0] : rest;
  }
  for (const key of ['anyOf', 'oneOf']) {
    const options = node[key];
    if (Array.isArray(options) && options.some((o) => o?.type === 'null')) {
      const rest = options.filter((o) => o?.type !== 'null');
      if (rest.length === 1) {
        delete node[key];
        Object.assign(node, { ...rest[0], ...node });
      } else {
        node[key] = rest;
      }
    }
  }
  if (Array.isArray(node.enum) && node.enum.includes(null)) node.enum = node.enum.filter((v) => v !== null);
  for (const value of Object.values(node)) {
    if (value && typeof value === 'object') withoutNull(value);
  }
  return node;
}

/** A body is Markdown text or an array of blocks; the form edits the text. */
function isBodyUnion(node) {
  const options = node?.anyOf || node?.oneOf;
  return Array.isArray(options) && options.some((o) => o.type === 'string') && options.some((o) => o.type === 'array');
}

function bodyAsText(node) {
  if (!node || typeof node !== 'object') return node;
  for (const [key, value] of Object.entries(node)) {
    if (isBodyUnion(value)) {
      const { title, description } = value;
      node[key] = { type: 'string', title, description };
    } else if (value && typeof value === 'object') {
      bodyAsText(value);
    }
  }
  return node;
}

/** A choice between a number and a text (a document number: `25` or
 * `25-BC/TU`) is typed as text, which the server reads either way; other
 * alternatives get a name from their description instead of "Cách 1". */
function scalarChoices(node) {
  if (!node || typeof node !== 'object') return node;
  const options = node.anyOf;
  if (Array.isArray(options) && options.every((o) => ['string', 'integer', 'number', 'boolean'].includes(o.type))) {
    const text = options.find((o) => o.type === 'string');
    if (text && options.some((o) => o.type === 'integer' || o.type === 'number')) {
      delete node.anyOf;
      node.type = 'string';
    } else {
      for (const o of options) if (!o.title && o.description) o.title = o.description.replace(/`/g, '');
    }
  }
  for (const value of Object.values(node)) {
    if (value && typeof value === 'object') scalarChoices(value);
  }
  return node;
}

/** The schema the form draws. */
export function formSchema(schema) {
  return scalarChoices(bodyAsText(withoutNull(clone(schema))));
}

// What the document description's codes print as.
const ENUM_NAMES = {
  mat: 'MẬT', 'toi-mat': 'TỐI MẬT', 'tuyet-mat': 'TUYỆT MẬT',
  khan: 'KHẨN', 'thuong-khan': 'THƯỢNG KHẨN', 'hoa-toc': 'HỎA TỐC',
  a4: 'A4 (210 × 297 mm)', a5: 'A5 (148 × 210 mm)',
  auto: 'vanban tự đánh số', manual: 'giữ số đã gõ',
};

function resolve(root, node) {
  let n = node;
  for (let i = 0; n?.$ref && i < 10; i++) {
    const path = n.$ref.replace(/^#\//, '').split('/');
    n = path.reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  }
  return n || {};
}

function isLong(example) {
  return typeof example === 'string' && (example.length > 70 || example.includes('\n'));
}

/** The uiSchema: which widget each field gets. `root` is the formSchema. */
export function uiSchemaFor(root, example, { free = false } = {}) {
  const walk = (node, sample, key) => {
    const n = resolve(root, node);
    const ui = {};
    if (free && HIDDEN_KEYS.has(key)) return { 'ui:widget': 'hidden' };
    if (Array.isArray(n.enum) && n.enum.some((v) => ENUM_NAMES[v])) ui['ui:enumNames'] = Object.fromEntries(n.enum.map((v) => [v, ENUM_NAMES[v] || v]));
    if (n.type === 'string' && !n.enum) {
      if (key === 'body') ui['ui:widget'] = 'MarkdownWidget';
      else if (DATE_KEY.test(key || '')) ui['ui:widget'] = 'DateTextWidget';
      else if (PARAGRAPH_KEYS.has(key) || isLong(sample)) ui['ui:widget'] = 'ParagraphWidget';
    }
    if (n.type === 'object' && n.properties) {
      for (const [name, child] of Object.entries(n.properties)) {
        const childUi = walk(child, sample?.[name], name);
        if (Object.keys(childUi).length) ui[name] = childUi;
      }
    }
    if (n.type === 'array' && n.items && !Array.isArray(n.items)) {
      const items = resolve(root, n.items);
      const first = Array.isArray(sample) ? sample.find((s) => s != null) : undefined;
      ui.items = items.type === 'string' && !items.enum ? { 'ui:widget': 'ParagraphWidget', 'ui:label': false } : walk(items, first, undefined);
      ui['ui:options'] = { orderable: true, removable: true, addable: true };
    }
    return ui;
  };
  const ui = walk(root, example, undefined);
  ui['ui:submitButtonOptions'] = { norender: true };
  if (free) {
    ui['ui:order'] = FREE_ORDER;
    ui['ui:options'] = { more: FREE_MORE, moreTitle: 'Các phần khác của văn bản (ít dùng): chữ ký thứ hai, phụ lục, biên bản, dấu mật, khẩn …' };
  }
  return ui;
}

/** The form's data as the form edits it: a body given as blocks becomes one text. */
export function toFormData(data) {
  const copy = clone(data) ?? {};
  const joinBodies = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.body) && node.body.every((b) => typeof b === 'string')) node.body = node.body.join('\n\n');
    for (const value of Object.values(node)) joinBodies(value);
  };
  joinBodies(copy);
  return copy;
}

/** What is sent: fields left empty are left out, as if never touched. Array
 * items stay where they are, so a problem's path still names the right one. */
export function toRequestData(data) {
  const clean = (value) => {
    if (Array.isArray(value)) {
      const items = value.map(clean);
      if (items.every((c) => c === undefined)) return undefined;
      return value.map((v) => {
        const c = clean(v);
        if (c !== undefined) return c;
        return v && typeof v === 'object' ? {} : '';
      });
    }
    if (value && typeof value === 'object') {
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        const c = clean(v);
        if (c !== undefined) out[k] = c;
      }
      return Object.keys(out).length ? out : undefined;
    }
    if (value === '' || value === null) return undefined;
    return value;
  };
  return clean(data) ?? {};
}

/** Problems by the field they point at: `/data/a/0/b` (a template's data) or
 * `/a/0/b` (a document) becomes `a/0/b`, the form's path for that field. */
export function problemsByField(problems, { template }) {
  const map = new Map();
  for (const p of problems) {
    const key = fieldKey(p.path, { template });
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(p);
  }
  return map;
}

export function fieldKey(pointer, { template }) {
  let path = pointer || '';
  if (template) path = path.startsWith('/data') ? path.slice('/data'.length) : '';
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('/');
}

/** The element a problem's link jumps to: the field itself, or the nearest
 * field around it that the form shows. */
export function fieldElement(key) {
  const segments = key ? key.split('/') : [];
  for (let n = segments.length; n >= 0; n--) {
    const id = ['root', ...segments.slice(0, n)].join('_');
    const el = document.getElementById(id) || document.querySelector(`[data-field="${CSS.escape(segments.slice(0, n).join('/'))}"]`);
    if (el) return el;
  }
  return null;
}

/** The field's name as the form shows it: "Người ký › Họ tên", "Lý do, mục 2". */
export function titleAt(root, key) {
  if (!key) return '';
  const names = [];
  let node = root;
  for (const segment of key.split('/')) {
    node = resolve(root, node);
    if (/^\d+$/.test(segment) && node.items) {
      names.push(`mục ${Number(segment) + 1}`);
      node = node.items;
    } else if (node.properties?.[segment]) {
      node = node.properties[segment];
      names.push(resolve(root, node).title || node.title || segment);
    } else {
      names.push(segment);
      node = {};
    }
  }
  return names.join(' › ').replace(/ › mục/g, ', mục');
}
