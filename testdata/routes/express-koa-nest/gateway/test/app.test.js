const express = require('express');
const app = express();
app.get('/test-only', (req, res) => res.send('x'));
