package libffi

const defaultPath = "libffi-8.dll"
