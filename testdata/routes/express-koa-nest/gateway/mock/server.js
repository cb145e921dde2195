const express = require('express');
const mock = express();
mock.get('/core/accounts/:id', (req, res) => res.json({}));
mock.listen(9999);
