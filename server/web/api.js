// Calls to the sanding HTTP API (docs/api.md). The session lives only in the HttpOnly cookie set
// by POST /api/login; every write carries X-Requested-With: sanding.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const STATUS_MESSAGES = {
  400: '请求有误',
  401: '需要登录，或用户名、密码不正确',
  403: '当前账号无权进行此操作',
  404: '没有找到所请求的内容',
  405: '不支持的请求方式',
  408: '请求超时',
  413: '内容过大',
  431: '请求头过大',
  500: '服务器内部错误',
  503: '服务器繁忙或正在停止，请稍后再试',
};

async function errorOf(res) {
  let code = '';
  let message = '';
  try {
    const body = await res.json();
    if (body && body.error) {
      code = body.error.code || '';
      message = body.error.message || '';
    }
  } catch (e) {
    // not JSON: fall back to the status
  }
  if (!message) message = `${STATUS_MESSAGES[res.status] || '请求失败'}（HTTP ${res.status}）`;
  return new ApiError(res.status, code, message);
}

// api('/api/search?q=…') → parsed JSON. opts: {method, body (object → JSON, or Blob/string),
// as: 'json' | 'text' | 'blob'}.
export async function api(path, opts = {}) {
  const method = opts.method || 'GET';
  const headers = {Accept: opts.as === 'text' ? 'text/html, */*' : 'application/json'};
  let body = opts.body;
  if (method !== 'GET' && method !== 'HEAD') headers['X-Requested-With'] = 'sanding';
  if (body !== undefined && !(body instanceof Blob) && typeof body !== 'string') {
    body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  let res;
  try {
    res = await fetch(path, {method, headers, body, credentials: 'same-origin', cache: 'no-store'});
  } catch (e) {
    throw new ApiError(0, 'network', '无法连接服务器，请检查服务是否在运行');
  }
  if (!res.ok) throw await errorOf(res);
  if (opts.as === 'text') return res.text();
  if (opts.as === 'blob') return res.blob();
  try {
    return await res.json();
  } catch (e) {
    throw new ApiError(res.status, 'bad_json', '服务器的应答无法解析');
  }
}

export const get = (path) => api(path);
export const post = (path, body, as) => api(path, {method: 'POST', body, as});

// Query string from an object, empty values left out.
export function qs(params) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') s.set(k, v);
  }
  const t = s.toString();
  return t ? `?${t}` : '';
}

// The signed-in account (or null), cached until login/logout.
let meCache = null;
export async function me(refresh) {
  if (!meCache || refresh) {
    meCache = get('/api/me').then((r) => r.account || null).catch(() => null);
  }
  return meCache;
}
export function forgetMe() {
  meCache = null;
}

// Upload a file with progress: POST /api/ingest?name=… (XMLHttpRequest for upload.onprogress).
export function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/ingest?name=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Requested-With', 'sanding');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传中断：无法连接服务器'));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else {
        const message = (body && body.error && body.error.message) ||
          `${STATUS_MESSAGES[xhr.status] || '上传失败'}（HTTP ${xhr.status}）`;
        reject(new ApiError(xhr.status, body && body.error ? body.error.code : '', message));
      }
    };
    xhr.send(file);
  });
}
