// Progressive enhancement only: every action works without this file (plain forms and links).
(function () {
  'use strict';

  // The nav badge (clients due soon or overdue) follows the live queue's count.
  var setBadge = function (n) {
    var badge = document.getElementById('nav-badge');
    var count = document.getElementById('nav-badge-n');
    if (!badge || !count || n === null) return;
    count.textContent = String(Number(n) || 0);
    badge.hidden = !(Number(n) > 0);
  };

  // Live queue: fetch the server-rendered list and swap it in when its fingerprint changes.
  var queue = document.getElementById('queue');
  if (queue) {
    var status = document.getElementById('live-status');
    var every = Number(queue.getAttribute('data-poll-ms')) || 5000;
    var busy = false;
    var refresh = function () {
      if (busy || document.hidden) return;
      busy = true;
      fetch(queue.getAttribute('data-live'), { credentials: 'same-origin', headers: { accept: 'text/html' } })
        .then(function (res) {
          if (res.redirected || !res.ok) throw new Error('status ' + res.status);
          return res.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.querySelector('.queue-list');
          var current = queue.querySelector('.queue-list');
          if (!fresh || !current) return;
          if (fresh.getAttribute('data-fingerprint') === current.getAttribute('data-fingerprint')) return;
          var before = Number(current.getAttribute('data-total'));
          var after = Number(fresh.getAttribute('data-total'));
          queue.replaceChild(document.importNode(fresh, true), current);
          setBadge(fresh.getAttribute('data-attention-count'));
          if (status)
            status.textContent =
              after > before ? after - before + ' new — updated just now' : 'Updated just now';
        })
        .catch(function () {
          if (status) status.textContent = 'Live updates paused (offline?)';
        })
        .finally(function () {
          busy = false;
        });
    };
    setInterval(refresh, every);
    document.addEventListener('visibilitychange', refresh);
  }

  // Draft page shortcuts: Ctrl/Cmd+Enter approves (also from the editor), j goes to the next draft,
  // e focuses the editor. Single letters are ignored while typing in a field.
  var form = document.getElementById('approve-form');
  var next = document.getElementById('next-draft');
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    if (form && ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      var approve = document.getElementById('approve');
      if (form.requestSubmit) form.requestSubmit(approve);
      else approve.click();
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if ((ev.key === 'j' || ev.key === 'n') && next) {
      window.location.href = next.getAttribute('href');
    } else if (ev.key === 'e' && form) {
      ev.preventDefault();
      document.getElementById('body').focus();
    }
  });

  // Draft page: a new promised time or send time asks the server what approval would do (POST …/preview, with
  // the form's CSRF token) and shows it without a reload: the text follows the promise unless the lead edited
  // it, and the hint under the time says whether it would be moved or refused. Without script the "Update the
  // text" button posts the same form to the same endpoint and gets the page back.
  var previewUrl = form && form.getAttribute('data-preview');
  if (previewUrl && window.fetch && window.URLSearchParams && window.FormData) {
    var text = document.getElementById('body');
    var shown = document.getElementById('shown');
    var note = document.getElementById('text-note');
    var button = document.getElementById('preview');
    if (button) button.hidden = true;
    var seq = 0;
    var hint = function (id, words, bad) {
      var el = document.getElementById(id);
      if (!el || words === null || words === undefined) return;
      el.textContent = words;
      el.classList.toggle('bad', !!bad);
    };
    var preview = function (ev) {
      var promiseChanged = ev.target.id === 'promisedBy';
      var mine = ++seq;
      var sentText = text.value;
      var data = new window.URLSearchParams(new window.FormData(form));
      data.set('action', 'preview');
      form.setAttribute('aria-busy', 'true');
      fetch(previewUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: data.toString(),
      })
        .then(function (res) {
          if (!res.ok) throw new Error('status ' + res.status);
          return res.json();
        })
        .then(function (r) {
          if (mine !== seq) return;
          // Only when nothing was typed meanwhile: never overwrite the lead's keystrokes.
          if (text.value === sentText && r.body !== sentText) text.value = r.body;
          shown.value = r.shown;
          if (note) note.hidden = !r.keptEdit;
          if (r.promiseRefused) hint('promise-hint', r.promiseRefused, true);
          else if (promiseChanged)
            hint('promise-hint', 'The text now promises an answer by this time.', false);
          if (r.chosen) hint('sendat-hint', r.chosen.text, !r.chosen.ok);
          form.setAttribute('data-previewed', String(mine));
        })
        .catch(function () {
          hint('sendat-hint', 'Could not check the time just now; approving still checks it.', false);
        })
        .finally(function () {
          if (mine === seq) form.removeAttribute('aria-busy');
        });
    };
    ['promisedBy', 'sendAt'].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.addEventListener('change', preview);
    });
  }

  // Draft page: "I have it open" every 10 s (POST /api/drafts/:id/editing with the page's CSRF token), and who
  // else has: "Lea Nord is editing this draft too." Without script the page says it as of its loading.
  var editing = document.getElementById('editing');
  var beat = editing && editing.getAttribute('data-heartbeat');
  var token = document.querySelector('meta[name="csrf-token"]');
  if (beat && token && window.fetch) {
    var heartbeat = function () {
      if (document.hidden) return;
      fetch(beat, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-csrf-token': token.getAttribute('content') },
      })
        .then(function (res) {
          if (!res.ok) throw new Error('status ' + res.status);
          return res.json();
        })
        .then(function (r) {
          var names = (r.editing || []).map(function (e) {
            return e.name;
          });
          editing.textContent = names.length
            ? names.join(' and ') + (names.length > 1 ? ' are' : ' is') + ' editing this draft too.'
            : '';
          editing.hidden = names.length === 0;
        })
        .catch(function () {
          /* The next beat tries again; saving still refuses a stale version. */
        });
    };
    setInterval(heartbeat, Number(editing.getAttribute('data-every-ms')) || 10000);
    document.addEventListener('visibilitychange', heartbeat);
  }

  // CSV import: without a multipart parser the form posts a textarea; a chosen file is read into it.
  var file = document.getElementById('csv-file');
  if (file && window.FileReader) {
    file.closest('.file-pick').hidden = false;
    file.addEventListener('change', function () {
      var f = file.files && file.files[0];
      var target = document.getElementById(file.getAttribute('data-fills'));
      if (!f || !target) return;
      var reader = new window.FileReader();
      reader.onload = function () {
        target.value = String(reader.result);
      };
      reader.readAsText(f);
    });
  }
})();
