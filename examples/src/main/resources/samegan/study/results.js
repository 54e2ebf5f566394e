// SameGAN study results: renders /study/api/results as tables.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const TITLES = {pooled: 'Pooled', participant: 'By participant', mode: 'By presentation mode',
    truth: 'By real / generated', class: 'By image class'};

  function pct(x) { return (100 * x).toFixed(1) + '%'; }
  function fmtP(p) { return p < 1e-6 ? '<1e-6' : Number(p.toPrecision(4)).toString(); }
  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function meter(row) {
    const m = document.createElement('div');
    m.className = 'meter';
    m.title = 'accuracy ' + pct(row.accuracy) + ', 95% CI ' + pct(row.lower) + '–' + pct(row.upper);
    const ci = document.createElement('div');
    ci.className = 'ci';
    ci.style.left = pct(row.lower);
    ci.style.width = pct(row.upper - row.lower);
    const half = document.createElement('div');
    half.className = 'half';
    const pt = document.createElement('div');
    pt.className = 'pt';
    pt.style.left = 'calc(' + pct(row.accuracy) + ' - 1px)';
    m.append(ci, half, pt);
    return m;
  }

  function table(name, rows) {
    const wrap = document.createElement('section');
    wrap.id = 'section-' + name;
    const h = document.createElement('h2');
    h.textContent = TITLES[name] || name;
    const t = document.createElement('table');
    t.className = 'data';
    const head = t.createTHead().insertRow();
    for (const c of ['group', 'correct', 'accuracy', '95% CI', '', 'p vs 50%']) {
      const th = document.createElement('th');
      th.textContent = c;
      if (c !== 'group' && c !== '') th.className = 'num';
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      cell(tr, r.group);
      cell(tr, r.correct + ' / ' + r.total, 'num');
      cell(tr, pct(r.accuracy), 'num');
      cell(tr, pct(r.lower) + ' – ' + pct(r.upper), 'num');
      cell(tr, '').appendChild(meter(r));
      tr.lastChild.title = 'Wilson 95% interval; the thin line marks 50%';
      cell(tr, fmtP(r.pValue), 'num' + (r.pValue < 0.05 ? ' sig' : ''));
    }
    wrap.append(h, t);
    return wrap;
  }

  // The results need the operator token that samegan serve printed at start: the results link
  // carries it in the fragment (#token=...), which the browser never sends to any server.
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') || '';
  const auth = {'X-Operator-Token': token};

  function fail(message) {
    $('summary').textContent = 'No results shown.';
    $('results-error').textContent = message;
    $('results-error').hidden = false;
  }

  // The CSV links need the token too: fetch them with it and save what comes back.
  for (const a of document.querySelectorAll('a[data-csv]')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      fetch(a.getAttribute('href'), {headers: auth, cache: 'no-store'})
        .then((res) => res.ok ? res.blob() : res.json().then((e) => { throw new Error(e.error); }))
        .then((blob) => {
          const link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = a.dataset.csv;
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(link.href), 10000);
        })
        .catch((e) => fail(e.message));
    });
  }

  if (!token) {
    fail('These results are for the study\'s operator. Open the results link that samegan serve'
      + ' printed when it started (it ends in #token=...).');
    return;
  }

  fetch('/study/api/results', {headers: Object.assign({'Accept': 'application/json'}, auth), cache: 'no-store'})
    .then((res) => res.ok ? res.json() : res.json().then((e) => { throw new Error(e.error); }))
    .then((data) => {
      const pooled = data.sections.pooled[0];
      $('summary').textContent = data.answers === 0
        ? 'No answers yet. Send participants to /study.'
        : data.answers + ' answers from ' + data.sessions.length + ' session(s); model ' + data.model
          + ' against real images from ' + data.realDataset + '. Pooled accuracy ' + pct(pooled.accuracy)
          + ' (95% CI ' + pct(pooled.lower) + '–' + pct(pooled.upper) + ', p = ' + fmtP(pooled.pValue) + ').';
      const sections = $('sections');
      for (const name of Object.keys(data.sections)) {
        if (data.sections[name].length) sections.appendChild(table(name, data.sections[name]));
      }
      const body = $('sessions').tBodies[0];
      for (const s of data.sessions) {
        const tr = body.insertRow();
        cell(tr, s.participant);
        cell(tr, s.session);
        cell(tr, s.mode);
        cell(tr, s.answered + ' / ' + s.trials, 'num');
        cell(tr, s.exposureMs > 0 ? (s.exposureMs / 1000) + ' s' : 'none');
        cell(tr, (s.createdAt || '').replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
        cell(tr, s.finishedAt ? s.finishedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : 'in progress');
      }
    })
    .catch((e) => fail(e.message));
})();
