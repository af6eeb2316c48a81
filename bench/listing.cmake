# Listing-parser benchmark: throughput and memory per entry on generated listings
# (bench/listing-bench.sh runs it, together with ferry-cli ls against lftp).
add_executable(listing-bench ${CMAKE_CURRENT_LIST_DIR}/listing-bench.cpp)
target_link_libraries(listing-bench PRIVATE ferry-listing ferry-options)
