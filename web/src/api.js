// Talks to vanban's own HTTP API (same origin); nothing else is ever fetched.

/** An API error carrying the problem+json body (code, title, problems). */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.title || body?.detail || `Lỗi ${status}`);
    this.status = status;
    this.code = body?.code;
    this.problems = body?.problems || [];
    this.body = body;
  }
}

async function problemOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = { title: `Máy chủ trả lời ${response.status}` };
  }
  return new ApiProblem(response.status, body);
}

export async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}

export async function postJson(path, body, { signal, accept = 'application/json' } = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await problemOf(response);
  return response;
}

/** The file name a download was given (Content-Disposition, UTF-8 form first). */
export function fileNameOf(response, fallback) {
  const disposition = response.headers.get('content-disposition') || '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) return decodeURIComponent(utf8[1]);
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/** Saves bytes the browser holds as a file, under the given name. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** POSTs and saves the answer as a download, named by the server. */
export async function download(path, body, fallbackName) {
  const response = await postJson(path, body, { accept: '*/*' });
  const blob = await response.blob();
  const name = fileNameOf(response, fallbackName);
  saveBlob(blob, name);
  return name;
}

/** POSTs a file as the body (a DOCX to import or check). */
export async function postFile(path, file, { type = 'application/octet-stream' } = {}) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': type, accept: 'application/json' }, body: file });
  if (!response.ok) throw await problemOf(response);
  return response.json();
}
