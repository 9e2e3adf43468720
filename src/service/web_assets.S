/* The clerks' page (src/service/web/), built into raingan-serve so that it
 * is served with no file to install or find, and works offline. Each asset
 * is NAME and NAME_end (web_routes.c); the files are found through -I
 * (src/service/local.mk). */
    .section .rodata
    .balign 16
    .global rg_web_index_html, rg_web_index_html_end
rg_web_index_html:
    .incbin "index.html"
rg_web_index_html_end:
    .global rg_web_app_js, rg_web_app_js_end
rg_web_app_js:
    .incbin "app.js"
rg_web_app_js_end:
    .global rg_web_app_css, rg_web_app_css_end
rg_web_app_css:
    .incbin "app.css"
rg_web_app_css_end:
    .section .note.GNU-stack,"",@progbits
