dofile(os.getenv("WRK_DIR") .. "/count.lua")
