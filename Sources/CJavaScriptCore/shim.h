// JavaScriptCore's C API (WebKitGTK build), plus the execution time limit, which the library
// exports but declares only in a private header (JSContextRefPrivate.h).
#pragma once

#include <JavaScriptCore/JavaScript.h>
#include <stdbool.h>

/// Asked, once the time limit has passed, whether the script should stop; `true` stops it.
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void *context);

/// Stops scripts of `group` that run longer than `limit` seconds when `callback` agrees
/// (a NULL callback always stops them).
JS_EXPORT void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit,
                                                   JSShouldTerminateCallback callback, void *context);

/// Removes the limit set by JSContextGroupSetExecutionTimeLimit.
JS_EXPORT void JSContextGroupClearExecutionTimeLimit(JSContextGroupRef group);
