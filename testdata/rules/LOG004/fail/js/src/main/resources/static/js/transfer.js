// The bank's own page script under static/: judged like any source.
function submitTransfer(form) {
  console.log('transfer card ' + form.cardNo + ' pin ' + form.payPassword); // expect: LOG004
  return fetch('/api/transfers', { method: 'POST', body: JSON.stringify(form) });
}
