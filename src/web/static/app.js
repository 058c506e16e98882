// Progressive enhancement only: every action works without this file (plain forms and links).
(function () {
  'use strict';

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
