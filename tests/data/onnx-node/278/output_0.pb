Bgshap_y0JûüÜh+
#@