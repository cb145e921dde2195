package com.lanhai.bank;

public final class BankSdkConfig {
    static OpenClient client() {
        OpenConfig config = new OpenConfig();
        config.setAppId("10000000000000012345");
        config.setPrivateKey("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQRmi8fZ+U+vOTCKlOlCaT4oV4S/J2rE9Ae15vGO1nyRbx5HADkxSICZ076cuWKpu3HJ5a6DwMPEQ3YKdLoeu2pkB7z5oH0Y4d3Dj32SZMiuwPYh9d4XSfOt/WjVqjWlLOuNDnAe3lfCVU4AtzE2/FRig+O4tRRNQwlPCz/c7z2wiipYI2Uu6/W9yrEY0nMywhhm5jgS8+KtWGiECnEqNY+1PP21gO21lDCvN3CrYe+0kN3SqVXxkwE9htvwAjv6BVTdhMofsCwjF7ZRwvBYckvK0DAH97PFM8AdG6vbIBUpdc"); // expect: KEY001
        return new OpenClient(config);
    }
}
