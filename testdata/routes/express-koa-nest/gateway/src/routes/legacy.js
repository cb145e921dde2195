// Registers the pre-2023 endpoints on the app it is given.
module.exports = function (app) {
  app.get('/legacy/accounts/:acct/statement', statement); // route: GET /legacy/accounts/{acct}/statement
};
