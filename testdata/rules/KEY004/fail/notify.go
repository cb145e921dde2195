package notify

const dingWebhook = "https://oapi.dingtalk.com/robot/send?access_token=7dbc036095e68de96039211d9b963cc58ea44ecd5b868ec5ff527e03af2a080a" // expect: KEY004
const feishuHook = "https://open.feishu.cn/open-apis/bot/v2/hook/d8541c11-a795-e1d7-63f5-88b265b23444" // expect: KEY004
