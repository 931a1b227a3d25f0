module.exports = eval("require")("../../templates/registry/");
