const express = require('express');
const axios = require('axios');
const accounts = require('./routes/accounts');
const { router: adminRouter } = require('./routes/admin');

const app = express();
const API = '/api/v1';

app.use(express.json());
app.use(API + '/accounts', accounts);
app.use('/admin', requireStaff, adminRouter);
require('./routes/legacy')(app);

app.get('/healthz', (req, res) => res.send('ok')); // route: GET /healthz
app.route('/api/v1/payees')
  .get(listPayees) // route: GET /api/v1/payees
  .post(addPayee); // route: POST /api/v1/payees
app.post(['/api/v1/transfers', '/api/v2/transfers'], transfer); // route: POST /api/v1/transfers, POST /api/v2/transfers

// app.delete('/api/v1/transfers/:id', cancelTransfer);
/* app.put('/api/v1/limits', putLimits); */
app.get('env'); // a setting, not a route
app.set('trust proxy', true);

async function refreshRates() {
  // A call to another service, not a route.
  return axios.get('/api/v1/rates', { timeout: 2000 });
}

module.exports = app;
