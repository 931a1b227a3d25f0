// The index page's only script: sort the fleet table by any column (a button in each header,
// aria-sort on the header) and filter it by text and status, announcing how many rows remain.
// Plain DOM, no library, inlined and hash-pinned by the page's Content-Security-Policy.
export const FLEET_SCRIPT = `(() => {
  const table = document.getElementById('fleet');
  if (!table) return;
  const body = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  const rows = Array.from(body.rows);
  const filter = document.getElementById('filter');
  const status = document.getElementById('status-filter');
  const count = document.getElementById('count');
  const keyOf = (row, i) => {
    const cell = row.cells[i];
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
  };
  headers.forEach((th, i) => {
    const button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      headers.forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', dir);
      const numeric = th.dataset.type === 'number';
      const sign = dir === 'ascending' ? 1 : -1;
      rows.sort((a, b) => {
        const x = keyOf(a, i), y = keyOf(b, i);
        // Unknown values ("—") go last whichever way the column is sorted.
        if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
        const c = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'en');
        return c * sign;
      });
      rows.forEach((r) => body.appendChild(r));
    });
  });
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    const s = status.value;
    let shown = 0;
    rows.forEach((r) => {
      const match = (!q || r.textContent.toLowerCase().includes(q)) && (!s || r.dataset.status === s);
      r.hidden = !match;
      if (match) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' tenants shown';
  };
  filter.addEventListener('input', apply);
  status.addEventListener('change', apply);
})();`;
