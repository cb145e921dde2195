plugins {
    java
}

val jacksonVersion = "2.9.8"

dependencies {
    implementation("com.fasterxml.jackson.core:jackson-databind:$jacksonVersion") // expect: DEP001
    implementation(platform("org.apache.logging.log4j:log4j-bom:2.17.1"))
    implementation("org.apache.httpcomponents:httpclient:4.5.6") // expect: DEP001
    runtimeOnly("mysql:mysql-connector-java:8.0.15") // expect: DEP001
    implementation("com.alibaba:fastjson:${property("fastjsonVersion")}")
}
