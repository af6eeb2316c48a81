#include "direntry.h"
