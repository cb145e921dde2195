module.exports = {
  gitlabToken: 'glpat-IfcWGPykw3YToNMW9Nkv', // expect: KEY004
  slackToken: 'xoxb-05634212780-361397912275-quLcLzbt8ki8a4sZJsshFBZe', // expect: KEY004
};
