const crypto = require('crypto');
const c = crypto.createCipheriv('des-ede3-cbc', key, iv); // expect: KEY005
