package pay

const sm2PriKey = "655fa0fe421ed42175ba3fd2e6c5900609117705022b7c932cd3ef9161eb176f" // expect: KEY001
