# The window on a 100,000-entry folder (bench/gui-listing/gui-listing.sh): ferry-gui-bench
# measures from inside, xwatch (X11 + XDamage) from outside, for Ferry and FileZilla alike.
add_executable(ferry-gui-bench ${CMAKE_CURRENT_LIST_DIR}/guibench.cpp)
target_link_libraries(ferry-gui-bench PRIVATE ferry-ui ferry-options)
find_package(X11 COMPONENTS Xdamage)
if(X11_FOUND AND X11_Xdamage_FOUND)
    # Plain C, built as C++ (the project enables C++ only).
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/xwatch.c PROPERTIES LANGUAGE CXX)
    add_executable(xwatch ${CMAKE_CURRENT_LIST_DIR}/xwatch.c)
    target_link_libraries(xwatch PRIVATE X11::X11 X11::Xdamage)
endif()
