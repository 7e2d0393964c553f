-- The database of ptlake's tables; its location is where Spark puts their folders.
CREATE DATABASE IF NOT EXISTS ptlake
COMMENT 'ptlake: CMS Transparency-in-Coverage price tables'
LOCATION 's3://LAKE/warehouse/ptlake.db';
