// The object page's relationship graph (Cytoscape.js from WebJars). It starts with the object and its
// neighbours and grows when a node is selected: each node's neighbours come from
// /console/intel/objects/{id}/graph, which the node answers through the sharing policy, so nothing the
// user may not see is ever sent to this page. The relationship list on the page is the keyboard and
// screen-reader equivalent.
(function () {
  'use strict';
  var container = document.getElementById('graph');
  var status = document.getElementById('graph-status');
  if (!container || typeof window.cytoscape !== 'function') {
    if (status) { status.textContent = 'The graph cannot be drawn in this browser; the relationship list above has the same content.'; }
    return;
  }
  var base = container.getAttribute('data-graph-url');
  var loaded = {};
  var COLOURS = {
    'indicator': '#a4161a', 'malware': '#6a1b9a', 'intrusion-set': '#0b5394', 'threat-actor': '#0b5394',
    'attack-pattern': '#8a5300', 'tool': '#1e6b34', 'sighting': '#c2410c', 'campaign': '#374151'
  };
  var cy = window.cytoscape({
    container: container,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: {
        'label': 'data(label)', 'font-size': 11, 'text-wrap': 'ellipsis', 'text-max-width': 140, 'text-valign': 'bottom',
        'text-margin-y': 4, 'color': '#1b1f24', 'background-color': 'data(colour)', 'width': 22, 'height': 22 } },
      { selector: 'node.root', style: { 'width': 34, 'height': 34, 'border-width': 3, 'border-color': '#ffbf47' } },
      { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#1b1f24' } },
      { selector: 'edge', style: {
        'label': 'data(label)', 'font-size': 9, 'color': '#4a5560', 'curve-style': 'bezier', 'width': 1.5,
        'line-color': '#8c959f', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#8c959f', 'text-rotation': 'autorotate' } }
    ]
  });

  function say(text) { if (status) { status.textContent = text; } }

  // Keyboard and screen-reader users grow the graph with these buttons (one per node not yet expanded).
  var buttons = document.getElementById('graph-nodes');
  function offer(id, label) {
    if (!buttons || loaded[id]) { return; }
    var li = document.createElement('li');
    li.setAttribute('data-node', id);
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = 'Show neighbours of ' + label;
    b.addEventListener('click', function () { load(id); });
    li.appendChild(b);
    buttons.appendChild(li);
  }
  function withdraw(id) {
    if (!buttons) { return; }
    Array.prototype.forEach.call(buttons.querySelectorAll('li'), function (li) {
      if (li.getAttribute('data-node') === id) { li.parentNode.removeChild(li); }
    });
  }

  function add(data, around) {
    var added = 0;
    data.nodes.forEach(function (n) {
      if (cy.getElementById(n.id).empty()) {
        cy.add({ group: 'nodes', data: { id: n.id, label: n.label, type: n.type, colour: COLOURS[n.type] || '#57606a' } });
        offer(n.id, n.label);
        if (n.id !== data.root) { added++; }
      }
    });
    data.edges.forEach(function (e) {
      if (cy.getElementById(e.id).empty() && !cy.getElementById(e.source).empty() && !cy.getElementById(e.target).empty()) {
        cy.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label } });
      }
    });
    cy.getElementById(data.root).addClass('expanded');
    cy.layout({ name: 'cose', animate: false, fit: true, padding: 30 }).run();
    var name = cy.getElementById(data.root).data('label');
    say(added === 0 ? 'No further neighbours of ' + name + ' that you may see.'
      : 'Added ' + added + ' neighbour' + (added === 1 ? '' : 's') + ' of ' + name + (data.truncated ? ' (first 150 shown).' : '.'));
    container.setAttribute('data-nodes', String(cy.nodes().length));
  }

  function load(id) {
    if (loaded[id]) { return; }
    loaded[id] = true;
    withdraw(id);
    say('Loading neighbours…');
    fetch(base + encodeURIComponent(id) + '/graph', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error(r.status === 404 ? 'not visible' : 'HTTP ' + r.status); }
        return r.json();
      })
      .then(function (data) { add(data); })
      .catch(function (err) { loaded[id] = false; say('Could not load neighbours (' + err.message + ').'); });
  }

  var root = container.getAttribute('data-root');
  cy.on('tap', 'node', function (event) { load(event.target.id()); });
  load(root);
  cy.ready(function () { cy.getElementById(root).addClass('root'); });
  // The root node exists only after the first answer; mark it then.
  cy.on('add', 'node', function (event) { if (event.target.id() === root) { event.target.addClass('root'); } });
})();
