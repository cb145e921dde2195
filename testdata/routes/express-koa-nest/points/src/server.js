const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router({ prefix: '/points' });
const admin = new Router();

router.get('/:customerId', getPoints); // route: GET /points/{customerId}
router.post('/:customerId/redeem', redeem); // route: POST /points/{customerId}/redeem
admin.get('/audit', audit); // route: GET /points/internal/audit
router.use('/internal', admin.routes());

app.use(router.routes());
app.use(router.allowedMethods());
app.listen(3000);
