class AccountService(private val repo: AccountRepository) {
    private val log = LoggerFactory.getLogger(AccountService::class.java)

    fun open(req: OpenRequest) {
        log.info("open account for ${Masking.idCard(req.idCardNo)}, request ${req.requestId}")
    }
}
