// The one-page application: hash routing over the views, the top bar's account.
import {me} from './api.js';
import {h, clear, errorBox} from './dom.js';
import {renderSearch} from './search.js';
import {renderDocument} from './doc.js';
import {renderInstitution} from './institution.js';
import {renderOverlap} from './overlap.js';
import {renderArchive} from './archive.js';

// Each navigation gets a number; views check it before touching the page after an await, so a
// slow answer for a page the user has left is dropped.
let navigation = 0;

export function currentRoute() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (e) {
      return p;
    }
  });
  return {path, parts, params};
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

export async function refreshWhoami() {
  const box = document.getElementById('whoami');
  const account = await me(true);
  clear(box);
  if (account) {
    box.appendChild(h('span', {class: 'who-name'}, account.display_name || account.name));
    box.appendChild(h('span', {class: 'who-role'}, account.role_label || account.role));
  } else {
    box.appendChild(h('a', {href: '#/archive', class: 'who-login'}, '未登录 · 登录'));
  }
  return account;
}

function setNav(name) {
  for (const a of document.querySelectorAll('.mainnav a')) {
    a.classList.toggle('active', a.dataset.nav === name);
  }
}

async function route() {
  const token = ++navigation;
  const view = document.getElementById('view');
  const alive = () => token === navigation;
  const {parts, params} = currentRoute();
  clear(document.getElementById('messages'));
  clear(view);
  const page = parts[0] || 'search';
  const ctx = {view, params, parts, alive, navigate, refreshWhoami};
  try {
    switch (page) {
      case 'search':
        setNav('search');
        await renderSearch(ctx);
        break;
      case 'doc':
        setNav('search');
        await renderDocument(ctx);
        break;
      case 'institution':
        setNav('institution');
        await renderInstitution(ctx);
        break;
      case 'overlap':
        setNav('overlap');
        await renderOverlap(ctx);
        break;
      case 'archive':
        setNav('archive');
        await renderArchive(ctx);
        break;
      default:
        setNav('');
        view.appendChild(errorBox({message: `没有这个页面：${parts.join('/')}`}, '页面不存在'));
    }
  } catch (err) {
    if (alive()) view.appendChild(errorBox(err));
  }
  if (alive()) window.scrollTo(0, 0);
}

window.addEventListener('hashchange', route);
refreshWhoami();
route();
