// libjq, the library behind the jq command line tool; Debian's libjq-dev has no pkg-config file.
#pragma once

#include <jv.h>
#include <jq.h>
