/* The clerks' page (docs/service.md, "The clerks' page"): the service's
 * own API only (GET /forms, GET /organizations, GET /records, GET /render,
 * POST /batch), no library, nothing from the network but the service.
 * Requests carry the
 * bearer token when the service asks for one (kept for this tab only).
 * Every URL is relative to the page ('forms', not '/forms'): behind the
 * office's web server the page is at /raingan/, and so is the API. */
'use strict';

const $ = (id) => document.getElementById(id);
const state = { forms: [], organizations: new Map(), records: [], preview: null, batch: null };
window.raingan = state;   /* for the tests and the curious */

let busy = 0;
function setBusy(d) {
  busy += d;
  document.body.dataset.busy = String(busy);
}

function say(text) {
  $('status').textContent = text || '';
}

/* fetch with the token; a JSON error becomes an Error with its message. */
async function api(path, options) {
  options = options || {};
  const headers = Object.assign({}, options.headers || {});
  const token = sessionStorage.getItem('raingan-token');
  if (token) headers.Authorization = 'Bearer ' + token;
  setBusy(1);
  try {
    const r = await fetch(path, Object.assign({}, options, { headers }));
    if (r.status === 401) {
      $('token-box').hidden = false;
      throw new Error('บริการนี้ต้องใช้รหัสเข้าใช้: ใส่รหัสด้านบน');
    }
    if (!r.ok) {
      let message = 'HTTP ' + r.status;
      try { message = (await r.json()).message || message; } catch (e) { /* not JSON */ }
      const err = new Error(message);
      err.status = r.status;
      throw err;
    }
    return r;
  } finally {
    setBusy(-1);
  }
}

async function getJSON(path, options) {
  setBusy(1);   /* until the body is read, not only the headers */
  try {
    return await (await api(path, options)).json();
  } finally {
    setBusy(-1);
  }
}

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  select.appendChild(o);
}

function query(params) {
  const q = Object.entries(params).filter(([, v]) => v !== '' && v != null)
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v));
  return q.length ? '?' + q.join('&') : '';
}

function enc(s) {
  return encodeURIComponent(s);
}

/* A file from the service saved by the browser (the token travels in a
 * header, so a plain link would not do). */
async function download(path, name) {
  try {
    const blob = await (await api(path)).blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  } catch (e) {
    say('ดาวน์โหลดไม่สำเร็จ: ' + e.message);
  }
}

async function loadForms() {
  const doc = await getJSON('forms');
  state.forms = doc.forms;
  state.organizations = new Map((await getJSON('organizations')).organizations.map((o) => [o.key, o]));
  /* each kind once, named as the service names it (the kind table's label) */
  const kinds = new Map(doc.forms.map((f) => [f.kind, f.kind_label || f.kind]));
  const kind = $('kind');
  kind.textContent = '';
  for (const [k, label] of kinds) option(kind, k, label);
}

/* The forms, years and organizations of the chosen kind. */
async function kindChanged() {
  const kind = $('kind').value;
  const form = $('form');
  form.textContent = '';
  for (const f of state.forms.filter((f) => f.kind === kind)) option(form, f.name, f.description || f.name);
  const all = (await getJSON('records' + query({ kind }))).records;
  const years = [...new Set(all.map((r) => r.year).filter((y) => y))].sort((a, b) => b - a);
  const year = $('year');
  year.textContent = '';
  option(year, '', 'ทุกปี');
  for (const y of years) option(year, String(y), String(y));
  /* An organization selects the units under it too: offer the records'
   * units and every stored unit above them (GET /organizations: a key is
   * no path), by name, each under its parent. */
  const tree = state.organizations;
  const chain = (k) => (tree.has(k) && tree.get(k).parent ? chain(tree.get(k).parent) + '\n' : '') + k;
  const orgs = new Set();
  for (const r of all) {
    for (let k = r.organization; k && tree.has(k) && !orgs.has(k); k = tree.get(k).parent) orgs.add(k);
  }
  const org = $('org');
  org.textContent = '';
  option(org, '', 'ทุกหน่วยงาน');
  for (const path of [...orgs].map(chain).sort()) {
    const keys = path.split('\n');
    const k = keys[keys.length - 1];
    option(org, k, '\u00a0\u00a0'.repeat(keys.length - 1) + tree.get(k).name);
  }
  await loadRecords();
}

/* An organization's name under its parents' (several districts have a
 * ฝ่ายปกครอง), or its key when it is not stored. */
function orgName(key) {
  const o = state.organizations.get(key);
  if (!o) return key || '';
  return (o.parent && state.organizations.has(o.parent) ? orgName(o.parent) + ' / ' : '') + o.name;
}

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function linkButton(td, text, onclick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = text;
  b.addEventListener('click', onclick);
  td.appendChild(b);
  return b;
}

async function loadRecords() {
  const params = { kind: $('kind').value, year: $('year').value, org: $('org').value };
  const doc = await getJSON('records' + query(params));
  state.records = doc.records;
  const body = $('records').tBodies[0];
  body.textContent = '';
  const form = $('form').value;
  for (const r of doc.records) {
    const tr = document.createElement('tr');
    tr.dataset.key = r.key;
    cell(tr, r.key, 'key');
    const name = cell(tr, r.name);
    linkButton(name, 'ดูตัวอย่าง', guard(() => showPreview(r, 1))).classList.add('preview-button');
    cell(tr, r.year || '');
    cell(tr, orgName(r.organization)).title = r.organization || '';
    const dl = cell(tr, '', 'dl');
    const path = 'render/' + enc(form) + '/' + enc(r.key) + '.pdf';
    linkButton(dl, 'PDF', () => download(path + '?download=1', form + '-' + r.key + '.pdf'));
    linkButton(dl, 'ฉบับเก็บถาวร', () => download(path + '?archive=1&download=1', form + '-' + r.key + '-archive.pdf'));
    body.appendChild(tr);
  }
  $('count').textContent = '(' + doc.records.length + ' รายการ)';
  $('batch-start').disabled = doc.records.length === 0;
  say(doc.records.length ? '' : 'ไม่มีรายการที่ตรงกับตัวเลือก');
}

/* Page n of the record as a PNG from the service. */
async function showPreview(record, n) {
  const img = $('preview-img');
  const form = $('form').value;
  for (const tr of $('records').tBodies[0].rows) tr.classList.toggle('selected', tr.dataset.key === record.key);
  $('preview-title').textContent = record.name;
  $('preview-msg').textContent = 'กำลังสร้างภาพหน้า ' + n + ' …';
  try {
    const r = await api('render/' + enc(form) + '/' + enc(record.key) + '/page-' + n + '.png?dpi=96');
    const blob = await r.blob();
    if (img.src) URL.revokeObjectURL(img.src);
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error('ภาพเสีย'));
      img.src = URL.createObjectURL(blob);
    });
    state.preview = { key: record.key, page: n };
    const count = parseInt(r.headers.get('X-Page-Count') || '0', 10);
    $('page-label').textContent = 'หน้า ' + n + (count ? ' จาก ' + count : '');
    $('page-prev').disabled = n <= 1;
    $('page-next').disabled = count ? n >= count : false;
    $('page-prev').onclick = guard(() => showPreview(record, n - 1));
    $('page-next').onclick = guard(() => showPreview(record, n + 1));
    $('preview-msg').textContent = '';
  } catch (e) {
    $('preview-msg').textContent = (e.status === 404 && n > 1) ? 'ไม่มีหน้า ' + n : 'ดูตัวอย่างไม่ได้: ' + e.message;
    if (n > 1) $('page-next').disabled = true;
  }
}

function showBatch(job) {
  state.batch = job;
  $('batch-progress').value = job.progress;
  $('batch-text').textContent = 'พิมพ์แล้ว ' + job.done + ' จาก ' + job.total + ' รายการ' +
    (job.failed ? ' ไม่สำเร็จ ' + job.failed + ' รายการ' : '') +
    (job.status === 'running' ? ' …' : job.status === 'done' ? ' เสร็จแล้ว' : ' ล้มเหลว');
  const errors = $('batch-errors');
  errors.textContent = '';
  for (const e of job.errors) {
    const li = document.createElement('li');
    li.textContent = e.key + ': ' + e.message;
    errors.appendChild(li);
  }
  const zip = $('batch-zip');
  zip.hidden = !job.zip;
  if (job.zip) {
    /* job.zip is the service's own path (/batch/ID.zip): relative to the
     * page instead, which may be served under a prefix (/raingan/). */
    const path = 'batch/' + enc(job.id) + '.zip';
    zip.href = path;
    zip.onclick = (ev) => {
      ev.preventDefault();
      download(path, job.form + '-' + job.id.slice(0, 8) + '.zip');
    };
  }
}

async function startBatch() {
  const body = { form: $('form').value, kind: $('kind').value, archive: $('batch-archive').checked };
  if ($('year').value) body.year = parseInt($('year').value, 10);
  if ($('org').value) body.org = $('org').value;
  $('batch-start').disabled = true;
  $('batch-box').hidden = false;
  try {
    let job = await getJSON('batch', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    showBatch(job);
    while (job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 400));
      job = await getJSON('batch/' + enc(job.id));
      showBatch(job);
    }
  } catch (e) {
    $('batch-text').textContent = 'เริ่มพิมพ์ไม่ได้: ' + e.message;
  } finally {
    $('batch-start').disabled = false;
  }
}

/* An event handler: its error shown, and the page busy until it is done
 * (body.dataset.busy, which the tests wait on). */
function guard(fn) {
  return async () => {
    setBusy(1);
    try {
      await fn();
    } catch (e) {
      say(e.message);
    } finally {
      setBusy(-1);
    }
  };
}

async function start() {
  $('kind').addEventListener('change', guard(kindChanged));
  $('form').addEventListener('change', guard(loadRecords));
  $('year').addEventListener('change', guard(loadRecords));
  $('org').addEventListener('change', guard(loadRecords));
  $('batch-start').addEventListener('click', startBatch);
  $('token-save').addEventListener('click', () => {
    sessionStorage.setItem('raingan-token', $('token').value.trim());
    $('token-box').hidden = true;
    say('');
    guard(load)();
  });
  await load();
}

async function load() {
  await loadForms();
  await kindChanged();
  document.body.dataset.ready = '1';
}

document.body.dataset.busy = '0';
guard(start)();
