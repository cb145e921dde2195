const router = require('express').Router();

router.get('/', list); // route: GET /api/v1/accounts
router.get('/:accountId(\\d+)/balance', balance); // route: GET /api/v1/accounts/{accountId}/balance
router.delete('/:accountId', close); // route: DELETE /api/v1/accounts/{accountId}

module.exports = router;
