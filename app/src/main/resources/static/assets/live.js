// The dashboard's live panel: alerts, sightings and new intelligence from the node's stream
// (/console/stream, Server-Sent Events with the session cookie). Each event was decided by the sharing
// policy for this user before it was sent. Text only (textContent), never HTML from the payload.
(function () {
  'use strict';
  var list = document.getElementById('live-events');
  var status = document.getElementById('live-status');
  var empty = document.getElementById('live-empty');
  if (!list || !window.EventSource) {
    if (status) { status.textContent = 'Live updates are not available in this browser.'; }
    return;
  }
  var MAX = 50;

  function link(id, text) {
    var a = document.createElement('a');
    a.href = '/console/intel/objects/' + encodeURIComponent(id);
    a.textContent = text || id;
    return a;
  }

  function add(kind, parts) {
    var li = document.createElement('li');
    li.className = 'event-' + kind;
    var k = document.createElement('span');
    k.className = 'kind kind-' + kind;
    k.textContent = kind;
    li.appendChild(k);
    parts.forEach(function (p) { li.appendChild(typeof p === 'string' ? document.createTextNode(p) : p); });
    var t = document.createElement('time');
    var now = new Date();
    t.dateTime = now.toISOString();
    t.textContent = ' ' + now.toISOString().substring(11, 19) + ' UTC';
    t.className = 'hint';
    li.appendChild(t);
    list.insertBefore(li, list.firstChild);
    while (list.children.length > MAX) { list.removeChild(list.lastChild); }
    if (empty) { empty.hidden = true; }
  }

  function parse(event) {
    try { return JSON.parse(event.data); } catch (e) { return null; }
  }

  var source = new EventSource(list.getAttribute('data-stream'));
  source.addEventListener('open', function () { status.textContent = 'Connected: new events appear below as they happen.'; });
  source.addEventListener('error', function () { status.textContent = 'Connection lost; reconnecting…'; });
  source.addEventListener('alert', function (event) {
    var data = parse(event);
    if (!data) { return; }
    var indicator = data.indicator || {};
    add('alert', ['Observation matched indicator ', link(indicator.id, indicator.name || indicator.id)]);
  });
  source.addEventListener('sighting', function (event) {
    var data = parse(event);
    if (!data) { return; }
    add('sighting', ['Sighting ', link(data.id, data.id), ' of ', link(data.sighting_of_ref, data.sighting_of_ref)]);
  });
  source.addEventListener('intel', function (event) {
    var data = parse(event);
    if (!data) { return; }
    if (data.id) {
      add('intel', ['New ' + data.type + ': ', link(data.id, data.name || data.id)]);
    } else {
      add('intel', [data.count + ' new ' + data.type + ' objects']);
    }
  });
  source.addEventListener('closed', function () {
    status.textContent = 'Your session ended; sign in again for live updates.';
    source.close();
  });
  window.addEventListener('pagehide', function () { source.close(); });
})();
