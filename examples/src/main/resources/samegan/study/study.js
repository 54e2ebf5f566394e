// SameGAN human real-vs-generated study: the participant's page.
// The server decides which images are real and keeps it to itself; this page only ever sees
// opaque image tokens for the current trial, and posts answers with the session key.
(function () {
  'use strict';
  const STORE = 'samegan-study';
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let session = null;   // {session, key}
  let state = null;     // the server's state of the session
  let shownAt = 0;      // when the current trial's images appeared
  let exposureTimer = null;
  let busy = false;

  function show(screen) {
    for (const id of ['intro', 'trial', 'done']) $(id).hidden = id !== screen;
    $('progress').hidden = screen !== 'trial';
  }

  function setError(id, message) {
    $(id).textContent = message || '';
    $(id).hidden = !message;
  }

  async function api(method, url, body) {
    const headers = {'Accept': 'application/json'};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (session) headers['X-Study-Key'] = session.key;
    let res;
    for (let attempt = 0; ; attempt++) {
      res = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'same-origin'});
      // Too many requests for a moment (the server's rate or generation limit): the request was not
      // handled, so wait as the server says and send it again; a long wait is shown as an error.
      const wait = parseInt(res.headers.get('Retry-After') || '', 10);
      if (res.status !== 429 || attempt >= 3 || !(wait >= 0 && wait <= 5)) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait) * 1000));
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = new Error((data && data.error) || ('Request failed (' + res.status + ')'));
      err.status = res.status;
      throw err;
    }
    return data;
  }

  function requested() {
    const out = {};
    if (params.get('mode')) out.mode = params.get('mode');
    if (params.get('trials')) out.trials = parseInt(params.get('trials'), 10);
    if (params.get('exposure')) out.exposureMs = parseInt(params.get('exposure'), 10);
    return out;
  }

  let defaults = {mode: 'single', trials: 20, exposureMs: 0};

  function settings() {
    return Object.assign({}, defaults, requested());
  }

  function describeSettings() {
    const r = settings();
    $('fact-trials').textContent = r.trials;
    if (r.mode === 'pair') {
      $('fact-mode').textContent = 'two images at a time';
      $('fact-half').textContent = 'one of each pair is real, the other generated';
      $('intro-lead').innerHTML = 'Each trial shows two images side by side: one is a real image from a data set, '
        + 'the other was made by a neural network. Pick the <b>real</b> one.';
      $('intro-keys').innerHTML = 'Answer with the buttons or the keyboard: <kbd>←</kbd> left is real, '
        + '<kbd>→</kbd> right is real.';
    }
    $('fact-exposure').textContent = r.exposureMs > 0
      ? 'each trial is shown for ' + (r.exposureMs / 1000) + ' s' : 'no time limit';
  }

  async function start() {
    if (busy) return;
    busy = true;
    setError('intro-error', '');
    $('start').disabled = true;
    try {
      const body = Object.assign({participant: $('participant').value}, requested());
      session = null;
      const created = await api('POST', '/study/api/session', body);
      session = {session: created.session, key: created.key};
      localStorage.setItem(STORE, JSON.stringify(session));
      await render(created.state);
    } catch (e) {
      setError('intro-error', e.message);
    } finally {
      busy = false;
      $('start').disabled = false;
    }
  }

  async function resume() {
    try {
      await render(await api('GET', '/study/api/session/' + encodeURIComponent(session.session)));
    } catch (e) {
      setError('intro-error', e.message);
    }
  }

  function loadImage(img, url) {
    return new Promise((resolve, reject) => {
      img.classList.remove('shown');
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('An image failed to load; reload the page to continue.'));
      img.src = url;
    });
  }

  async function render(s) {
    state = s;
    clearTimeout(exposureTimer);
    if (s.done) {
      localStorage.removeItem(STORE);
      renderScore(s.score);
      show('done');
      return;
    }
    const pair = s.mode === 'pair';
    const index = s.trial.index;
    $('progress-text').textContent = 'Trial ' + (index + 1) + ' of ' + s.trials;
    $('progress-fill').style.width = (100 * index / s.trials) + '%';
    $('question').textContent = pair ? 'Which image is real?' : 'Is this image real or generated?';
    $('stage').classList.toggle('pair', pair);
    $('frame-1').hidden = !pair;
    $('cap-0').hidden = !pair;
    $('single-answers').hidden = pair;
    $('pair-answers').hidden = !pair;
    for (const m of document.querySelectorAll('.mask')) m.hidden = true;
    setError('trial-error', '');
    $('timer').hidden = true;
    show('trial');
    setButtons(false);
    const imgs = pair ? [$('img-0'), $('img-1')] : [$('img-0')];
    try {
      await Promise.all(imgs.map((img, i) => loadImage(img, s.trial.images[i])));
    } catch (e) {
      setError('trial-error', e.message);
      return;
    }
    if (state !== s) return;
    for (const img of imgs) img.classList.add('shown');
    shownAt = performance.now();
    setButtons(true);
    if (s.exposureMs > 0) {
      $('timer').textContent = 'The image' + (pair ? 's disappear' : ' disappears') + ' after '
        + (s.exposureMs / 1000) + ' s.';
      $('timer').hidden = false;
      exposureTimer = setTimeout(() => {
        for (const img of imgs) img.classList.remove('shown');
        for (const m of document.querySelectorAll('.frame:not([hidden]) .mask')) m.hidden = false;
      }, s.exposureMs);
    }
  }

  function setButtons(enabled) {
    for (const id of ['btn-real', 'btn-fake', 'btn-left', 'btn-right']) $(id).disabled = !enabled;
  }

  async function answer(choice) {
    if (busy || !state || state.done || $('trial').hidden || $('btn-real').disabled) return;
    busy = true;
    setButtons(false);
    const trial = state.trial;
    const body = {session: session.session, trial: trial.index,
      responseMs: Math.round(performance.now() - shownAt)};
    if (state.mode === 'pair') {
      body.token = trial.tokens[choice === 'left' ? 0 : 1];
      body.answer = 'real';
    } else {
      body.token = trial.tokens[0];
      body.answer = choice;
    }
    try {
      await render(await api('POST', '/study/api/answer', body));
    } catch (e) {
      if (e.status === 409) {
        // Already answered (another tab, or a retry): continue where the server is.
        try { await render(await api('GET', '/study/api/session/' + encodeURIComponent(session.session))); }
        catch (e2) { setError('trial-error', e2.message); }
      } else {
        setError('trial-error', e.message);
        setButtons(true);
      }
    } finally {
      busy = false;
    }
  }

  function renderScore(score) {
    const pct = score.total ? Math.round(100 * score.correct / score.total) : 0;
    $('score').textContent = score.correct + ' / ' + score.total;
    $('score-text').textContent = 'You answered ' + score.correct + ' of ' + score.total + ' trials correctly ('
      + pct + '%).';
    const detail = $('score-detail');
    detail.textContent = '';
    if (score.realTotal !== undefined) {
      const a = document.createElement('li');
      a.textContent = 'real images recognised: ' + score.realCorrect + ' / ' + score.realTotal;
      const b = document.createElement('li');
      b.textContent = 'generated images spotted: ' + score.generatedCorrect + ' / ' + score.generatedTotal;
      detail.append(a, b);
    }
  }

  document.addEventListener('keydown', (ev) => {
    if ($('trial').hidden || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const k = ev.key.toLowerCase();
    const pair = state && state.mode === 'pair';
    let choice = null;
    if (!pair && k === 'r') choice = 'real';
    if (!pair && k === 'f') choice = 'fake';
    if (pair && (k === 'arrowleft' || k === '1')) choice = 'left';
    if (pair && (k === 'arrowright' || k === '2')) choice = 'right';
    if (choice) {
      ev.preventDefault();
      answer(choice);
    }
  });

  $('start').addEventListener('click', start);
  $('again').addEventListener('click', () => { session = null; state = null; show('intro'); });
  $('resume-btn').addEventListener('click', resume);
  $('btn-real').addEventListener('click', () => answer('real'));
  $('btn-fake').addEventListener('click', () => answer('fake'));
  $('btn-left').addEventListener('click', () => answer('left'));
  $('btn-right').addEventListener('click', () => answer('right'));
  $('participant').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') start(); });

  describeSettings();
  show('intro');
  api('GET', '/study/api/config').then((c) => { defaults = c.defaults; describeSettings(); }).catch(() => {});
  const saved = localStorage.getItem(STORE);
  if (saved) {
    try {
      session = JSON.parse(saved);
      api('GET', '/study/api/session/' + encodeURIComponent(session.session)).then((s) => {
        if (s.done) { localStorage.removeItem(STORE); session = null; return; }
        $('resume-where').textContent = 'trial ' + (s.answered + 1) + ' of ' + s.trials;
        $('resume').hidden = false;
      }).catch(() => { localStorage.removeItem(STORE); session = null; });
    } catch (e) {
      localStorage.removeItem(STORE);
      session = null;
    }
  }
})();
