const config = {
  appKey: 'LDGR0001',
  appSecret: 'f3Kq9ZxW2mP7vR4tL8nB', // expect: KEY003
};
module.exports = config;
