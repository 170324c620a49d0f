/**
 * The one script of every page, inlined and allowed by its hash in the Content-Security-Policy.
 * Pages work without it; it only adds search to the static site (which has no server to ask):
 * the search form names the board's JSON file, and matching rows are written with `textContent`,
 * never as markup.
 */
export const PAGE_SCRIPT = `
(function () {
  var form = document.querySelector('form[data-static-search]');
  if (!form) return;
  var rows = document.getElementById('board-rows');
  var status = document.getElementById('board-status');
  var root = form.getAttribute('data-root') || '';
  var source = form.getAttribute('data-static-search');
  var cache = null;
  function cell(tr, text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var query = (form.elements.namedItem('q').value || '').trim().toLowerCase();
    (cache || (cache = fetch(source).then(function (r) { return r.json(); }))).then(function (board) {
      var found = board.rows.filter(function (row) {
        return (row.handle || row.login || '').toLowerCase().indexOf(query) >= 0 || (row.name || '').toLowerCase().indexOf(query) >= 0;
      });
      rows.textContent = '';
      var headers = rows.parentNode.querySelectorAll('thead th');
      found.slice(0, 100).forEach(function (row) {
        var tr = document.createElement('tr');
        Array.prototype.forEach.call(headers, function (th) {
          var column = th.getAttribute('data-col');
          var td = cell(tr, '', th.className);
          if (column === 'rank') td.textContent = String(row.rank);
          else if (column === 'points') td.textContent = row.points.toLocaleString('en-US');
          else if (column === 'level') td.textContent = row.level || '';
          else if (column === 'person') {
            td.className = 'who';
            var link = document.createElement('a');
            link.href = root + row.profile;
            var unlinked = row.unlinked === true || /^person:[1-9][0-9]*$/.test(row.handle || row.login || '');
            link.textContent = unlinked ? (row.name || row.handle || row.login) : row.login;
            td.appendChild(link);
            var note = unlinked ? 'unlinked: not matched to a GitHub account' : row.name;
            if (note) { var small = document.createElement('small'); small.textContent = note; if (unlinked) small.className = 'unlinked'; td.appendChild(small); }
          } else if (column === 'last') td.textContent = row.lastActiveAt.slice(0, 10);
        });
        rows.appendChild(tr);
      });
      if (status) status.textContent = found.length + ' of ' + board.rows.length + ' people match "' + query + '"';
    }).catch(function () {
      if (status) status.textContent = 'Search needs the site to be served over HTTP (it reads ' + source + ').';
    });
  });
})();
`;
