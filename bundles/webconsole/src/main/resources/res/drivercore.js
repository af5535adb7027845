// The drivercore page: polls the views (the dc: commands' --json) and draws them; actions are POSTs with the token.
(function () {
  'use strict';
  var page = document.getElementById('drivercore');
  var root = page.dataset.root;
  var token = page.dataset.token;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function get(view) {
    return fetch(root + '/' + view, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) { return r.ok ? body : Promise.reject(body.error || r.statusText); });
    });
  }
  function post(action, params) {
    return fetch(root + '/' + action, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-Drivercore-Token': token, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params || {}).toString()
    }).then(function (r) {
      return r.json().then(function (body) { return r.ok ? body : Promise.reject(body.error || r.statusText); });
    });
  }
  function say(text) { document.getElementById('dc-message').textContent = text; }

  // ---- the device tree: one line per device, children under their parent, open unless the user closed it
  var closed = {};
  function line(d) {
    var parts = [el('span', { 'class': 'dc-name' }, [d.name])];
    parts.push(' ' + (d.bus ? d.bus : (d['class'] ? 'class ' + d['class'] : '-')));
    parts.push(' ' + (d.driver || '-') + ' ');
    if (d.bus) { // a class or virtual device binds no driver: no state to show, as dc:devices shows none
      parts.push(el('span', { 'class': 'dc-state-' + d.state }, [d.state || '-']));
      if (d.stateReason) { parts.push(' '); parts.push(el('span', { 'class': 'dc-reason' }, ['(' + d.stateReason + ')'])); }
    }
    if (d.asyncFlags && d.asyncFlags.length) {
      parts.push(' '); parts.push(el('span', { 'class': 'dc-async' }, ['async: ' + d.asyncFlags.join(', ')]));
    }
    return parts;
  }
  function drawTree(doc) {
    var children = {};
    var roots = [];
    doc.devices.forEach(function (d) {
      if (d.parent) { (children[d.parent] = children[d.parent] || []).push(d); } else { roots.push(d); }
    });
    function node(d) {
      var kids = children[d.path] || [];
      var attrs = { 'data-path': d.path, 'data-state': d.state || '', title: d.path };
      if (!kids.length) { return el('div', Object.assign({ 'class': 'dc-leaf' }, attrs), line(d)); }
      var det = el('details', attrs, [el('summary', {}, line(d))].concat(kids.map(node)));
      det.open = !closed[d.path];
      det.addEventListener('toggle', function () { closed[d.path] = !det.open; });
      return det;
    }
    var tree = document.getElementById('dc-tree');
    tree.replaceChildren.apply(tree, roots.map(node));
    document.getElementById('dc-machine').textContent = 'machine: ' + (doc.machine || '-');
    document.getElementById('dc-count').textContent = doc.devices.length + ' devices, '
      + doc.devices.filter(function (d) { return d.state === 'BOUND'; }).length + ' bound';
    document.getElementById('dc-updated').textContent = new Date().toLocaleTimeString();
  }

  function table(id, headers, rows) {
    var t = document.getElementById(id);
    t.replaceChildren(el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', {}, [h]); }))]),
      el('tbody', {}, rows.map(function (r) {
        return el('tr', {}, r.map(function (c) { return el('td', {}, [String(c === null || c === undefined ? '-' : c)]); }));
      })));
  }
  function drawDrivers(doc) {
    table('dc-drivers', ['driver', 'bus', 'bundle', 'role', 'async opt-in', 'bound', 'shutdown model'],
      doc.drivers.map(function (d) {
        return [d.name, d.bus, d.bundle, d.role, d.asyncShutdown ? 'yes' : 'no', d.boundDevices, d.shutdownModel];
      }));
  }
  function drawLinks(doc) {
    table('dc-links', ['supplier', 'consumer', 'flags', 'state'], doc.links.map(function (l) {
      return [l.supplier, l.consumer, (l.flags || []).join(' '), l.state];
    }));
  }
  function drawLast(doc) {
    var last = document.getElementById('dc-last');
    if (doc.strategies) {
      last.replaceChildren(el('p', {}, ['Comparison on ' + doc.machine + ' (' + doc.clock + ' clock), critical path '
        + doc.criticalPathMs + ' ms']), el('table', { id: 'dc-strategies', 'class': 'nicetable' }));
      table('dc-strategies', ['strategy', 'flags', 'makespan ms', 'critical path ms', 'threads', 'violations', 'deadlock', 'outcomes'],
        doc.strategies.map(function (s) {
          return [s.name, s.flagsText, s.makespanMs, s.criticalPathMs, s.peakThreads, s.orderingViolations,
            s.deadlock ? 'yes' : 'no', JSON.stringify(s.outcomes)];
        }));
    } else if (doc.records) {
      last.replaceChildren(el('p', {}, ['Shutdown (' + doc.trigger + ', ' + doc.mode + ') of ' + doc.machine + ': '
        + doc.devices + ' devices, strategy ' + doc.name + ', ' + doc.makespanMs + ' ms emulated']));
    }
    // An image, not inline SVG: its styles stay in it, and nothing in it runs in the page.
    var img = el('img', { id: 'dc-timeline-image', alt: 'the timeline of the last run',
      src: root + '/last.svg?at=' + Date.now() });
    document.getElementById('dc-timeline').replaceChildren(img);
  }

  function refresh() {
    return get('devices.json').then(drawTree).catch(function (e) { say('devices: ' + e); });
  }
  function refreshSlow() {
    get('drivers.json').then(drawDrivers).catch(function (e) { say('drivers: ' + e); });
    get('links.json').then(drawLinks).catch(function (e) { say('links: ' + e); });
  }

  document.getElementById('dc-compare').addEventListener('click', function () {
    say('comparing…');
    post('compare').then(function (doc) { say('compared'); return drawLast(doc); }).catch(function (e) { say(String(e)); });
  });
  document.getElementById('dc-load').addEventListener('click', function () {
    post('load', { path: document.getElementById('dc-load-path').value }).then(function (r) {
      say(r.result.split('\n')[0]); refresh(); refreshSlow();
    }).catch(function (e) { say(String(e)); });
  });
  document.getElementById('dc-poweroff').addEventListener('click', function () {
    if (!window.confirm('Power the machine off? This shuts every device down and stops the container.')) { return; }
    post('shutdown', { confirm: 'poweroff' }).then(function (r) { say(r.result.split('\n')[0]); })
      .catch(function (e) { say(String(e)); });
  });

  refresh(); refreshSlow();
  get('last.json').then(drawLast).catch(function () { /* nothing yet */ });
  setInterval(refresh, 1000);
  setInterval(refreshSlow, 5000);
}());
