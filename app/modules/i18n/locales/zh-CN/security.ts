// Namespace "security": accounts, redirects, bounded input (#11.5–7).
export default {
  input: {
    controlChars: "提交的内容含有不可见的控制字符（如空字符），请删除后重试。",
    badEncoding: "链接或表单的编码无效，请检查后重试。",
    tooLarge: "提交的内容太大，请缩小文件或减少内容后重试。",
    tooManyFiles: "一次上传的文件太多，请分次上传。",
    title: "无法处理此请求",
    goHome: "返回首页",
  },
};
